"""A day of three orders planned by the poster's windows and saved in the Accurate sandbox."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import date

import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget
from jembatan.contracts.ledger import SaleFact
from jembatan.platform.db import Database
from jembatan.poster.adapters.accurate_readback import AccurateReadback
from jembatan.poster.adapters.tables import Posting
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, create_database
from sqlmodel import col, select
from window_db import take
from window_facts import TENANT, at, outlet, sale

DAY = date(2026, 11, 25)
CASH, CLEARING, MEMBER = "1-1001", "1-1010", "M-1"


@pytest.fixture
def accurate(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Rekon", branches=["Kantor Pusat"],
                                              warehouses=["Gudang HO"]))  # fmt: skip
    api.admin("PUT", "/limits", {"perSecond": 100_000, "inFlight": 10_000})
    for no in ("KOPI", "ROTI"):
        api.save("item", {"no": no, "name": no.title(), "itemType": "SERVICE"})
    api.save("customer", {"customerNo": "C-WALKIN-HO", "name": "Pelanggan Umum"})
    api.save("customer", {"customerNo": MEMBER, "name": "Ibu Sari"})
    yield api
    api.close()


@pytest.fixture
async def readback(accurate: SandboxApi) -> AsyncIterator[AccurateReadback]:
    auth = ApiTokenAuth(token=accurate.creds["apiToken"], signature_secret=accurate.creds["signatureSecret"])
    client = AccurateClient(auth, account_url=accurate.sandbox.account_url, budget=RequestBudget(100, 100))

    async def client_of(tenant_id: str) -> AccurateClient | None:
        return client if tenant_id == TENANT else None

    yield AccurateReadback(client_of)
    await client.aclose()


def till_sale(order_id: str, hours: float, cash: str = "20000") -> SaleFact:
    """An order of 31,500 by QRIS (iSeller Pay clearing) and `cash` in cash, real-time outlet."""
    fact = sale(order_id, at(hours), outlet(iseller_pay_clearing_account=CLEARING), cash=cash)
    accounts = {"cash": CASH, "iseller_pay": CLEARING}
    payments = [p.model_copy(update={"account_no": accounts[p.gateway]}) for p in fact.payments]
    return fact.model_copy(update={"payments": payments})


def on_account(order_id: str, hours: float) -> SaleFact:
    """A member's order of 53,500 put wholly on account: an invoice and no receipt."""
    fact = sale(
        order_id, at(hours), outlet(iseller_pay_clearing_account=CLEARING), customer_no=MEMBER, cash="22000"
    )
    order = fact.order.model_copy(update={"payments": [], "on_account_amount": fact.order.total_amount})
    return fact.model_copy(update={"order": order, "payments": [], "on_account": True})


async def post_the_day(db: Database, api: SandboxApi) -> dict[str, Posting]:
    """Plan three orders through the poster's windows and save every planned document in the sandbox."""
    await take(db, till_sale("A", 1))
    await take(db, till_sale("B", 2, cash="21000"))
    await take(db, on_account("C", 3))
    async with db.session() as session:
        rows = list((await session.exec(select(Posting).order_by(col(Posting.created_at)))).all())
    for row in sorted(rows, key=lambda r: r.depends_on is not None):
        api.save(row.document_type, json.loads(row.body, parse_float=str))
    return {
        f"{r.document_type}:{','.join(r.source_ids[:1])}:{json.loads(r.body).get('bankNo', '')}": r
        for r in rows
    }
