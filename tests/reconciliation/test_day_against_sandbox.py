"""A day posted to the Accurate sandbox, reconciled by reading Accurate back: a clean day shows no
difference; an invoice deleted and a receipt changed in Accurate show exactly those two."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jembatan.platform.metrics import RECONCILIATION_GAPS
from jembatan.poster.service_layer.reconciling import kept_runs, reconcile_day
from jembatan.sandbox.accurate.testing import SandboxApi
from sandbox_day import CASH, CLEARING, DAY, MEMBER, post_the_day
from window_facts import TENANT


async def test_a_clean_day_reports_no_difference(db, accurate, readback):
    await post_the_day(db, accurate)
    run = await reconcile_day(db, readback, TENANT, DAY)
    assert run.status == "done"
    assert run.report["differences"] == []
    assert run.report["documents_expected"] == 7  # three invoices, four receipts
    assert run.report["sales"] == {"iseller": "157500", "accurate": "157500"}
    assert {"account_no": CLEARING, "iseller": "63000", "accurate": "63000"} in run.report["payments"]
    assert run.report["clearing"] == [
        {"account_no": CLEARING, "iseller_unpaid": "63000", "accurate": "63000"}
    ]
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="missing_document")._value.get() == 0


async def test_a_deleted_invoice_and_a_changed_receipt_are_exactly_the_two_differences(
    db, accurate, readback
):
    docs = await post_the_day(db, accurate)
    invoice_c = docs["sales-invoice:C:"]
    delete(accurate, "sales-invoice", invoice_c.number)
    cash_a = docs[f"sales-receipt:A:{CASH}"]
    change_receipt(accurate, cash_a.number, Decimal(15000))  # iSeller took 20,000 in cash

    run = await reconcile_day(db, readback, TENANT, DAY)

    gaps = {d["kind"]: d for d in run.report["differences"]}
    assert run.difference_count == 2 and set(gaps) == {"missing_document", "payment_total"}
    missing, changed = gaps["missing_document"], gaps["payment_total"]
    assert (missing["documents"], missing["window_id"]) == ([invoice_c.number], "order:C")
    assert (missing["iseller"], missing["accurate"], missing["amount"]) == ("53500", None, "-53500")
    assert missing["source_ids"] == ["C"] and missing["action"].startswith("re-sync")
    assert (changed["documents"], changed["window_id"]) == ([cash_a.number], "order:A")
    assert (changed["iseller"], changed["accurate"], changed["amount"]) == ("20000", "15000", "-5000")
    assert {"account_no": CASH, "iseller": "41000", "accurate": "36000"} in run.report["payments"]
    windows = {w["window_id"]: w for w in run.report["windows"]}
    assert windows["order:A"]["takings"] == {"iseller": "51500", "accurate": "46500"}
    assert windows["order:C"]["sales"] == {"iseller": "53500", "accurate": "0"}
    assert (windows["order:B"]["differences"], windows["order:B"]["outlet_id"]) == (0, "outlet-ho")
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


async def test_kept_results_can_be_read_back(db, accurate, readback):
    await post_the_day(db, accurate)
    first = await reconcile_day(db, readback, TENANT, DAY, trigger="daily_reconciliation")
    kept = await kept_runs(db, TENANT, DAY)
    assert [r.run_id for r in kept] == [first.run_id]
    assert kept[0].trigger == "daily_reconciliation"


async def test_a_changed_iseller_pay_receipt_is_reported_once_on_the_receipt_not_again_on_the_clearing(
    db, accurate, readback
):
    docs = await post_the_day(db, accurate)
    qris_b = docs[f"sales-receipt:B:{CLEARING}"]
    change_receipt(accurate, qris_b.number, Decimal(30000))  # iSeller Pay took 31,500

    run = await reconcile_day(db, readback, TENANT, DAY)

    [gap] = run.report["differences"]
    assert (gap["kind"], gap["documents"], gap["amount"]) == ("payment_total", [qris_b.number], "-1500")
    assert run.report["clearing"] == [
        {"account_no": CLEARING, "iseller_unpaid": "63000", "accurate": "61500"}
    ]


async def test_money_moved_out_of_the_clearing_account_by_hand_is_a_clearing_gap(db, accurate, readback):
    await post_the_day(db, accurate)
    accurate.save("journal-voucher", {"transDate": "25/11/2026", "description": "by hand",
                                      "detailJournalVoucher": [
                                          {"accountNo": CASH, "amount": 2500, "amountType": "DEBIT"},
                                          {"accountNo": CLEARING, "amount": 2500, "amountType": "CREDIT"}]})  # fmt: skip

    run = await reconcile_day(db, readback, TENANT, DAY)

    [gap] = run.report["differences"]
    assert (gap["kind"], gap["iseller"], gap["accurate"], gap["amount"]) == (
        "clearing_balance",
        "63000",
        "60500",
        "-2500",
    )
    assert gap["action"].startswith("retry failed payouts")


async def test_a_member_payment_entered_by_hand_in_accurate_is_a_member_balance_gap(db, accurate, readback):
    docs = await post_the_day(db, accurate)
    invoice_c = docs["sales-invoice:C:"]
    accurate.save("sales-receipt", {"customerNo": MEMBER, "bankNo": CASH, "transDate": "25/11/2026",
                                    "detailInvoice": [{"invoiceNo": invoice_c.number, "paymentAmount": 20000}]})  # fmt: skip

    run = await reconcile_day(db, readback, TENANT, DAY)

    [gap] = run.report["differences"]
    assert (gap["kind"], gap["iseller"], gap["accurate"], gap["amount"]) == (
        "member_balance",
        "53500",
        "33500",
        "-20000",
    )
    assert RECONCILIATION_GAPS.labels(tenant=TENANT, kind="member_balance")._value.get() == 1
