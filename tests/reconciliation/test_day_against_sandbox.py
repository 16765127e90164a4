"""A day posted to the Accurate sandbox, reconciled by reading Accurate back: a clean day shows no
difference; an invoice deleted and a receipt changed in Accurate show exactly those two."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget
from jembatan.contracts.ledger import SaleFact
from jembatan.platform.db import Database
from jembatan.platform.metrics import RECONCILIATION_GAPS
from jembatan.poster.adapters.accurate_readback import AccurateBooks
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.service_layer.reconciling import kept_runs, reconcile_day
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
async def books(accurate: SandboxApi) -> AsyncIterator[AccurateBooks]:
    auth = ApiTokenAuth(token=accurate.creds["apiToken"], signature_secret=accurate.creds["signatureSecret"])
    client = AccurateClient(auth, account_url=accurate.sandbox.account_url, budget=RequestBudget(100, 100))

    async def client_of(tenant_id: str) -> AccurateClient | None:
        return client if tenant_id == TENANT else None

    yield AccurateBooks(client_of)
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


async def test_a_clean_day_reports_no_difference(db, accurate, books):
    await post_the_day(db, accurate)
    run = await reconcile_day(db, books, TENANT, DAY)
    assert run.status == "done"
    assert run.report["differences"] == []
    assert run.report["documents_expected"] == 7  # three invoices, four receipts
    assert run.report["sales"] == {"iseller": "157500", "accurate": "157500"}
    assert {"account_no": CLEARING, "iseller": "63000", "accurate": "63000"} in run.report["payments"]
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="missing_document")._value.get() == 0


async def test_a_deleted_invoice_and_a_changed_receipt_are_exactly_the_two_differences(db, accurate, books):
    docs = await post_the_day(db, accurate)
    invoice_c = docs["sales-invoice:C:"]
    delete(accurate, "sales-invoice", invoice_c.number)
    cash_a = docs[f"sales-receipt:A:{CASH}"]
    change_receipt(accurate, cash_a.number, Decimal(15000))  # iSeller took 20,000 in cash

    run = await reconcile_day(db, books, TENANT, DAY)

    gaps = {d["kind"]: d for d in run.report["differences"]}
    assert run.difference_count == 2 and set(gaps) == {"missing_document", "payment_total"}
    missing, changed = gaps["missing_document"], gaps["payment_total"]
    assert (missing["documents"], missing["window_id"]) == ([invoice_c.number], "order:C")
    assert (missing["iseller"], missing["accurate"], missing["amount"]) == ("53500", None, "-53500")
    assert missing["source_ids"] == ["C"] and missing["action"].startswith("re-sync")
    assert (changed["documents"], changed["window_id"]) == ([cash_a.number], "order:A")
    assert (changed["iseller"], changed["accurate"], changed["amount"]) == ("20000", "15000", "-5000")
    assert {"account_no": CASH, "iseller": "41000", "accurate": "36000"} in run.report["payments"]
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="missing_document")._value.get() == 1
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="payment_total")._value.get() == 1
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="sales_total")._value.get() == 0


def delete(api: SandboxApi, module: str, number: str) -> None:
    reply = api.call("DELETE", f"{module}/delete.do", params={"number": number}).json()
    assert reply["s"], reply


def change_receipt(api: SandboxApi, number: str, amount: Decimal) -> None:
    held: dict[str, Any] = api.get("sales-receipt/detail.do", number=number)["d"]
    line = held["detailInvoice"][0]
    api.save("sales-receipt", {"id": held["id"], "number": number, "chequeAmount": str(amount),
                               "detailInvoice": [{"id": line["id"], "paymentAmount": str(amount)}]})  # fmt: skip


async def test_kept_results_can_be_read_back(db, accurate, books):
    await post_the_day(db, accurate)
    first = await reconcile_day(db, books, TENANT, DAY, trigger="daily_reconciliation")
    kept = await kept_runs(db, TENANT, DAY)
    assert [r.run_id for r in kept] == [first.run_id]
    assert kept[0].trigger == "daily_reconciliation"
