"""The sender against the real Accurate sandbox over HTTP and a real PostgreSQL ledger."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget
from jembatan.accurate.jsonbody import dumps
from jembatan.platform.db import Database
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.domain.drafts import ActivityKind
from jembatan.poster.domain.posting import State
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess

START = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
CUSTOMER, ITEM, CASH = "C-WALKIN", "JASA", "1-1001"


def seed_books(api: SandboxApi) -> None:
    """The walk-in customer and a service item every order sells."""
    api.save("customer", {"customerNo": CUSTOMER, "name": "Pelanggan Umum"})
    api.save("item", {"no": ITEM, "name": "Kopi", "itemType": "SERVICE"})


class CallLog:
    """When each HTTP request to Accurate started and ended (shared by every replica of a test)."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self.endpoints: list[str] = []  # e.g. customer/list.do, in the order the calls started

    def most_in_flight(self) -> int:
        edges = sorted([(start, 1) for start, _ in self.spans] + [(end, -1) for _, end in self.spans])
        level = most = 0
        for _, step in edges:
            level += step
            most = max(most, level)
        return most

    def most_started_within(self, seconds: float = 1.0) -> int:
        starts = sorted(start for start, _ in self.spans)
        return max(
            (sum(1 for s in starts[i:] if s - first < seconds) for i, first in enumerate(starts)), default=0
        )


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, log: CallLog) -> None:
        self.log = log
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        self.log.endpoints.append(request.url.path.rsplit("/api/", 1)[-1])
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.log.spans.append((started, time.monotonic()))

    async def aclose(self) -> None:
        await self.inner.aclose()


class SandboxGateway:
    """One replica's door to one tenant's sandbox database (its own budget, as in its own process)."""

    def __init__(
        self, sandbox: SandboxProcess, creds: dict[str, Any], tenant: str, log: CallLog | None = None
    ) -> None:
        auth = ApiTokenAuth(token=creds["apiToken"], signature_secret=creds["signatureSecret"])
        self.tenant = tenant
        self.accurate = AccurateClient(
            auth,
            account_url=sandbox.account_url,
            budget=RequestBudget(8, 8),
            http_transport=RecordingTransport(log or CallLog()),
        )

    async def client(self, tenant_id: str) -> AccurateClient | None:
        return self.accurate if tenant_id == self.tenant else None

    async def close(self) -> None:
        await self.accurate.aclose()


def order_documents(tenant: str, index: int, *, item: str = ITEM, amount: int = 25_000) -> list[Posting]:
    """An order's invoice and the receipt paying it (the receipt depends on the invoice)."""
    at = START + timedelta(seconds=index)
    invoice_no, receipt_no = f"SI-{index:06}", f"SR-{index:06}"
    invoice = {
        "number": invoice_no,
        "customerNo": CUSTOMER,
        "transDate": "25/11/2026",
        "detailItem": [{"itemNo": item, "quantity": 1, "unitPrice": amount}],
    }
    receipt = {
        "number": receipt_no,
        "customerNo": CUSTOMER,
        "bankNo": CASH,
        "chequeAmount": amount,
        "transDate": "25/11/2026",
        "detailInvoice": [{"invoiceNo": invoice_no, "paymentAmount": amount}],
    }
    key = f"{tenant}:order-{index}"

    def row(suffix: str, module: str, number: str, body: dict[str, Any], kind: ActivityKind) -> Posting:
        return Posting(
            document_key=f"{key}:{suffix}",
            tenant_id=tenant,
            document_type=module,
            number=number,
            body=dumps(body),
            state=State.PLANNED,
            depends_on=f"{key}:invoice" if suffix == "receipt" else None,
            source_ids=[f"order-{index}"],
            kind=kind,
            outlet_id="outlet-ho",
            window_id=f"order:order-{index}",
            occurred_at=at,
            created_at=at,
            updated_at=at,
        )

    return [
        row("invoice", "sales-invoice", invoice_no, invoice, ActivityKind.ORDER_SYNC),
        row("receipt", "sales-receipt", receipt_no, receipt, ActivityKind.RECEIPT),
    ]


async def plan(db: Database, rows: list[Posting]) -> None:
    async with db.session() as session:
        session.add_all(rows)
