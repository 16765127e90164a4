"""Stock and payouts read back from the Accurate sandbox: a count and a sale posted through the poster's
windows agree with Accurate's stock until someone adjusts it by hand; a payout's journal agrees with
iSeller's gross, fees and net until it is changed or deleted (reported once, not again on clearing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts.ledger import ItemRef, PayoutFact, StockCountedFact
from jembatan.contracts.pos import CountLine, PayoutEntry, PayoutSettled, StockCounted
from jembatan.platform.db import Database
from jembatan.platform.metrics import RECONCILIATION_GAPS
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.service_layer.reconciling import reconcile_day
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, create_database
from sqlmodel import col, select
from window_db import take
from window_facts import TENANT, at, outlet, sale

D = Decimal
DAY = date(2026, 11, 25)
CASH, CLEARING, BANK, MDR, FEES, COUNTS = "1-1001", "1-1010", "1-1003", "6-2000", "6-2100", "5-2100"
SHOP = outlet(iseller_pay_clearing_account=CLEARING, payout_account=BANK, mdr_fee_account=MDR,
              bank_adjustment_account=FEES, stock_count_account=COUNTS)  # fmt: skip


@pytest.fixture
def accurate(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Stok", branches=["Kantor Pusat"],
                                              warehouses=["Gudang HO"]))  # fmt: skip
    api.admin("PUT", "/limits", {"perSecond": 100_000, "inFlight": 10_000})
    for no in ("KOPI", "ROTI"):
        api.save("item", {"no": no, "name": no.title(), "itemType": "INVENTORY", "unit1Name": "PCS",
                          "detailOpenBalance": [{"quantity": 50, "unitCost": 10000, "warehouseName": "Gudang HO"}]})  # fmt: skip
    api.save("customer", {"customerNo": "C-WALKIN-HO", "name": "Pelanggan Umum"})
    yield api
    api.close()


def count(hours: float, kopi: int, system: int) -> StockCountedFact:
    event = StockCounted(stock_count_id="sc-1", reference="SO-1", outlet_id=SHOP.outlet_id, counted_at=at(hours),
                         lines=[CountLine(sku="KOPI", system_quantity=D(system), counted_quantity=D(kopi),
                                          unit_cost=D(10000))])  # fmt: skip
    return StockCountedFact(count=event, outlet=SHOP, items=[ItemRef(sku="KOPI", item_no="KOPI")])


def payout() -> PayoutFact:
    """Of the day's iSeller Pay takings (2 × 31,500): 63,000 gross, 441 MDR, 3,000 express fee."""
    event = PayoutSettled(payout_id="po-1", reference_id="PO-1", interval="express", payout_date=DAY,
                          transactions_amount=D(63000), total_fees=D(441), payout_fee=D(3000),
                          total_deposit=D(59559),
                          entries=[PayoutEntry(transaction_id="t", order_reference="#A", gross_amount=D(63000),
                                               fee_amount=D(441), net_amount=D(62559))])  # fmt: skip
    return PayoutFact(payout=event, outlet=SHOP)


async def post(db: Database, api: SandboxApi, *facts: Any) -> dict[str, Posting]:
    """Take the facts through the poster's windows; save every planned document in the sandbox."""
    for fact in facts:
        await take(db, fact)
    async with db.session() as session:
        rows = list((await session.exec(select(Posting).order_by(col(Posting.created_at)))).all())
    for row in sorted(rows, key=lambda r: r.depends_on is not None):
        api.save(row.document_type, json.loads(row.body, parse_float=str))
    return {r.document_type: r for r in rows}


def with_cash_account(fact):
    accounts = {"cash": CASH, "iseller_pay": CLEARING}
    return fact.model_copy(update={"payments": [p.model_copy(update={"account_no": accounts[p.gateway]})
                                                for p in fact.payments]})  # fmt: skip


async def test_stock_agrees_after_a_count_and_a_sale_and_a_hand_adjustment_is_a_stock_gap(
    db, accurate, readback
):
    # iSeller counted 45 Kopi where its system said 50; then sold one: 44 on the shelf.
    await post(db, accurate, count(1, kopi=45, system=50), with_cash_account(sale("A", at(2), SHOP)))

    clean = await reconcile_day(db, readback, TENANT, DAY)
    assert [d for d in clean.report["differences"] if d["kind"] == "stock"] == []
    [kopi] = clean.report["stock"]
    assert (kopi["warehouse"], kopi["item_no"], kopi["iseller"], kopi["accurate"]) == (
        "Gudang HO",
        "KOPI",
        "44",
        "44",
    )

    accurate.save("item-adjustment", {"transDate": "25/11/2026", "adjustmentAccountNo": COUNTS,
                                      "description": "by hand", "detailItem": [
                                          {"itemNo": "KOPI", "quantity": 3, "warehouseName": "Gudang HO",
                                           "itemAdjustmentType": "ADJUSTMENT_OUT"}]})  # fmt: skip
    run = await reconcile_day(db, readback, TENANT, DAY)

    [gap] = [d for d in run.report["differences"] if d["kind"] == "stock"]
    assert (gap["sku"], gap["warehouse"], gap["iseller"], gap["accurate"], gap["amount"]) == (
        "KOPI",
        "Gudang HO",
        "44",
        "41",
        "-3",
    )
    assert gap["action"].startswith("retry") and "sc-1" in gap["source_ids"]
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="stock")._value.get() == 1


async def test_a_payout_agrees_with_its_journal_and_a_deleted_journal_is_one_payout_gap(
    db, accurate, readback
):
    sales = [with_cash_account(sale(o, at(h), SHOP)) for o, h in (("A", 1), ("B", 2))]
    docs = await post(db, accurate, *sales, payout())

    clean = await reconcile_day(db, readback, TENANT, DAY)
    [row] = clean.report["payouts"]
    assert row["iseller"] == row["accurate"] == {"gross": "63000", "fees": "441", "express_fee": "3000",
                                                 "net": "59559"}  # fmt: skip
    assert clean.report["differences"] == []

    journal = docs["journal-voucher"].number
    reply = accurate.call("DELETE", "journal-voucher/delete.do", params={"number": journal}).json()
    assert reply["s"], reply
    run = await reconcile_day(db, readback, TENANT, DAY)

    [gap] = run.report["differences"]  # not also a clearing_balance: the journal explains it
    assert (gap["kind"], gap["documents"], gap["iseller"], gap["accurate"], gap["amount"]) == (
        "payout",
        [journal],
        "63000",
        None,
        "-63000",
    )
    assert gap["action"].startswith("retry the payout") and gap["outlet_id"] == SHOP.outlet_id
    assert run.report["payouts"][0]["accurate"] is None
