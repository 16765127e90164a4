"""The recipes' drafts, posted to the real Accurate sandbox: accepted, and the books match the till.

One shift per PPN mapping a merchant can choose: two walk-in orders, a member's partly paid
on-account sale, a refund to another payment type; then the member's payment, a payout, a transfer,
an adjustment and a count.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jembatan.accurate.jsonbody import dumps
from jembatan.poster.domain.drafts import DocumentDraft
from jembatan.poster.domain.recipes import (
    customer_payment_documents,
    payout_documents,
    sales_window_documents,
    stock_adjusted_documents,
    stock_counted_documents,
    transfer_received_documents,
    transfer_started_documents,
)
from jembatan.sandbox.accurate.testing import (
    SandboxApi,
    SandboxProcess,
    create_database,
    start_sandbox,
    stop_sandbox,
)

from .unit.facts import MEMBER_NAME, OUTPUT_TAX, outlet, refund, sale, window
from .unit.facts_stock import adjustment, count, payment, payout, received, started
from .unit.test_sales_window import order_a, order_b

D = Decimal


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    running = start_sandbox()
    try:
        yield running
    finally:
        stop_sandbox(running)


@pytest.fixture
def accurate(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Recipes", branches=["Pusat"],
                                              warehouses=["Utama", "Cabang"]))  # fmt: skip
    api.admin("PUT", "/limits", {"perSecond": 100_000, "inFlight": 10_000})
    opening = [{"quantity": 100, "unitCost": 8000, "warehouseName": "Utama"}]
    api.save("item", {"no": "KOPI", "name": "Kopi", "itemType": "INVENTORY", "tax1Name": "PPN",
                      "detailOpenBalance": opening})  # fmt: skip
    api.save("item", {"no": "ROTI", "name": "Roti", "itemType": "INVENTORY", "detailOpenBalance": opening})
    api.save("item", {"no": "ROTI-01", "name": "Roti 01", "itemType": "INVENTORY", "detailOpenBalance": opening})
    api.save("customer", {"customerNo": "UMUM", "name": "Pelanggan Umum"})
    yield api
    api.close()


def post(api: SandboxApi, docs: list[DocumentDraft]) -> dict[str, dict[str, Any]]:
    """Save each draft in order (dependencies first); every one must be accepted."""
    saved = {}
    for doc in docs:
        body = json.loads(dumps(doc.body), parse_float=str)
        saved[doc.key] = api.save(doc.document_type, body)
        assert saved[doc.key].get("number", saved[doc.key].get("customerNo")) == doc.number
    return saved


def balances(api: SandboxApi) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    books = api.books()
    assert books["totals"]["balanced"], books["totals"]
    accounts = {row["no"]: D(str(row["balance"])) for row in books["trialBalance"]}
    customers = {row["customerNo"]: D(str(row["balance"])) for row in books["receivables"]["customers"]}
    return accounts, customers


@pytest.mark.parametrize("charges_ppn", [True, False], ids=["tax-code", "no-tax-code"])
@pytest.mark.parametrize("inclusive", [False, True], ids=["exclusive", "inclusive"])
def test_a_shift_posts_without_refusal_and_ppn_lands_in_output_tax(accurate, charges_ppn, inclusive):
    snapshot = outlet(charges_ppn=charges_ppn, inclusive=inclusive)
    if inclusive:  # 2 x 22,200 + service 2,220 incl. PPN 4,620; Roti 10,050 not taxable; rounding -70
        orders = [sale("C", [("KOPI", 2, 22200, 0, True, 4620), ("ROTI", 1, 10050, 0, False, 0)], 56600,
                       [("external_debit", 56600)], snapshot=snapshot, tax=4620, inclusive=True, service=2220,
                       rounding=-70)]  # fmt: skip
        till_ppn = D(4620)
    else:
        orders, till_ppn = [order_a(snapshot), order_b(snapshot)], D(8129)
    member = sale("D", [("ROTI", 5, 10000, 0, False, 0)], 50000, [("cash", 20000)], snapshot=snapshot,
                  customer_no="M-1", on_account=30000, inclusive=inclusive)  # fmt: skip
    # one Kopi back, paid back with QRIS: 22,200 incl. PPN 2,200 (inclusive) or 20,000 + PPN 2,200
    back = refund("R1", orders[0].order.order_id, [("KOPI", 1, 22200 if inclusive else 20000, 2200)], 22200,
                  [("iseller_pay", 22200)], snapshot=snapshot, inclusive=inclusive)  # fmt: skip
    net_sales = D(82050) if inclusive else D(103900)  # goods and service net of discounts, PPN and the refund
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [*orders, member], [back]))
    post(accurate, docs)
    accounts, customers = balances(accurate)
    assert accounts[OUTPUT_TAX] == till_ppn - D(2200)
    assert customers.get("UMUM", D(0)) == 0
    assert customers["M-1"] == D(30000)
    assert accurate.get("customer/detail.do", customerNo="M-1")["d"]["name"] == MEMBER_NAME
    assert sum(balance for no, balance in accounts.items() if no.startswith("4-")) == net_sales


def test_payment_payout_transfer_adjustment_and_count_are_accepted(accurate):
    snapshot = outlet()
    member = sale("D", [("ROTI", 5, 10000, 0, False, 0)], 50000, [("cash", 20000)], snapshot=snapshot,
                  customer_no="M-1", on_account=30000)  # fmt: skip
    saved = post(accurate, sales_window_documents("t1", window("order:D", snapshot, [member])))
    invoice_no = saved["t1:sales-invoice:order:D"]["number"]
    post(accurate, customer_payment_documents("t1", payment([("D", 30000)], [30000]), invoice_numbers={"D": invoice_no}))
    # the QRIS sales behind the payout, then the payout itself
    qris = sale("Q", [("KOPI", 90, 20000, 0, True, 0)], 1800000, [("iseller_pay", 1800000)], snapshot=snapshot)
    post(accurate, sales_window_documents("t1", window("order:Q", snapshot, [qris])))
    post(accurate, payout_documents("t1", payout(payout_date=date(2026, 11, 27))))
    post(accurate, transfer_started_documents("t1", started()))
    post(accurate, transfer_received_documents("t1", received()))
    post(accurate, stock_adjusted_documents("t1", adjustment()))
    post(accurate, stock_counted_documents("t1", count()))
    accounts, customers = balances(accurate)
    assert customers["M-1"] == 0
    assert accounts.get("1-1010", D(0)) == 0  # the clearing account is emptied by the payout
    stock = {(r["itemNo"], r["warehouseName"]): D(str(r["quantity"])) for r in accurate.books()["stock"]}
    # Kopi: 100 - 90 sold - 5 sent + 1 cancelled back - 2 lost at HO; 3 accepted (+1 rejected, written off) at KG
    assert stock[("KOPI", "Utama")] == 4 and stock[("KOPI", "Cabang")] == 3
    assert stock[("ROTI-01", "Utama")] == 100 + 3 - 3  # 3 found, 3 short at the count
