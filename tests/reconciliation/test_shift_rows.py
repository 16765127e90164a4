"""A closed shift's till beside the orders held for it: every order the till counted is held, or the
shift is a `shift_total` gap naming how many are missing and which payment types fall short."""

from __future__ import annotations

from decimal import Decimal

from jembatan.contracts.pos import PaymentTotal
from jembatan.poster.domain.reconciliation import GapKind
from jembatan.poster.domain.reconciliation.shifts import shift_rows
from window_facts import at, outlet, sale, shift_close

D = Decimal
SHOP = outlet()


def closed(order_ids: list[str], cash: str, qris: str, count: int | None = None):
    fact = shift_close("s-1", at(0), at(8), SHOP, order_ids=order_ids)
    shift = fact.shift.model_copy(update={
        "order_count": len(order_ids) if count is None else count,
        "payments": [PaymentTotal(gateway="cash", payment_type_name="Cash", amount=D(cash)),
                     PaymentTotal(gateway="iseller_pay", payment_type_name="QRIS", amount=D(qris))],
    })  # fmt: skip
    return fact.model_copy(update={"shift": shift})


def test_a_till_that_matches_the_held_orders_is_a_row_without_a_gap():
    sales = [sale("A", at(1), SHOP, shift="s-1"), sale("B", at(2), SHOP, shift="s-1", cash="21000")]
    rows, gaps = shift_rows([closed(["A", "B"], "41000", "63000")], sales, [], [])
    assert gaps == []
    [row] = rows
    assert row["till"]["payments"] == row["held"]["payments"] == {"Cash": "41000", "QRIS": "63000"}
    assert (row["till"]["orders"], row["held"]["orders"]) == (2, 2)


def test_an_order_the_till_counted_but_never_reached_us_is_a_shift_total_gap():
    sales = [sale("A", at(1), SHOP, shift="s-1")]  # B never arrived
    _, [gap] = shift_rows([closed(["A", "B"], "41000", "63000")], sales, [], [])
    assert gap.kind is GapKind.SHIFT_TOTAL and gap.source_ids == ("s-1",)
    assert (gap.iseller, gap.accurate, gap.amount) == (D(104000), D(51500), D(-52500))
    assert "1 of the till's 2 orders held" in gap.detail and "Cash held 20,000 / till 41,000" in gap.detail
    assert gap.action.startswith("pull the shift")


def test_a_close_without_totals_is_shown_but_not_held_against_anything():
    fact = shift_close("s-1", at(0), at(8), SHOP)
    rows, gaps = shift_rows([fact], [sale("A", at(1), SHOP, shift="s-1")], [], [])
    assert gaps == [] and rows[0]["held"]["orders"] == 1
