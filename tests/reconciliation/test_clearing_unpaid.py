"""iSeller Pay money not yet paid out: taken in, minus money back, minus payouts up to the day, each
sale counted on the day its documents are dated in Accurate."""

from datetime import UTC, date, datetime
from decimal import Decimal

from jembatan.contracts.ledger import PayoutFact
from jembatan.contracts.pos import PayoutSettled
from jembatan.poster.domain.reconciliation import booking_days, clearing_differences, unpaid_clearing
from sandbox_day import CLEARING, till_sale
from window_facts import at, outlet

MIDNIGHT = datetime(2026, 11, 25, 17, tzinfo=UTC)  # 00:00 of the 26th in Jakarta
AFTERNOON = datetime(2026, 11, 25, 10, tzinfo=UTC)  # 17:00 in Jakarta


def payout(gross: str, on: date, *, payout_id: str | None = None, outlet_id: str | None = None) -> PayoutFact:
    settled = PayoutSettled(payout_id=payout_id or f"p-{on}", reference_id="PO-1", payout_date=on,
                            transactions_amount=gross, total_fees="0", total_deposit=gross,
                            outlet_id=outlet_id)  # fmt: skip
    return PayoutFact(payout=settled, outlet=outlet(iseller_pay_clearing_account=CLEARING))


def real_time(*facts):
    """Held facts each in its own planned window, closed when it happened (real time, payouts)."""
    return booking_days([(f, f"order:{f.order.order_id}" if hasattr(f, "order") else "payout", at(0))
                         for f in facts])  # fmt: skip


def test_takings_less_payouts_paid_by_the_day_are_still_owed():
    facts = real_time(
        till_sale("A", 1),
        till_sale("B", 2),
        payout("31500", date(2026, 11, 25)),
        payout("31500", date(2026, 11, 26)),
    )
    assert unpaid_clearing(facts, date(2026, 11, 25)) == {CLEARING: Decimal(31500)}
    assert unpaid_clearing(facts, date(2026, 11, 26)) == {CLEARING: Decimal(0)}


def test_an_evening_sale_of_a_window_closing_at_midnight_is_owed_from_the_next_day_only():
    """The demo day: a scheduled outlet (hours 0, 12, 17) takes 31,500 by iSeller Pay at 19:43; its
    window closes at midnight, so its invoice and receipt are dated the 26th. The day's two payouts
    (an express one of one outlet, a regular store-wide one without an outlet) paid out the rest.
    As of the 25th Accurate's clearing account holds nothing of it, and neither must iSeller's side."""
    morning, evening = till_sale("M", 6.75), till_sale("E", 12.72)  # 13:45 and 19:43 in Jakarta
    held = [
        (morning, "hours:bsd:12", AFTERNOON),
        (evening, "hours:bsd:17", MIDNIGHT),
        (payout("31500", date(2026, 11, 25), payout_id="express", outlet_id="o1"), "payout:express", at(14)),
        (payout("0.00", date(2026, 11, 25), payout_id="regular"), "payout:regular", at(14)),
    ]
    booked = booking_days(held)
    assert unpaid_clearing(booked, date(2026, 11, 25)) == {CLEARING: Decimal(0)}
    assert unpaid_clearing(booked, date(2026, 11, 26)) == {CLEARING: Decimal(31500)}


def test_a_real_time_order_is_booked_on_its_own_day_and_an_unplanned_window_nowhere_yet():
    evening = till_sale("E", 12.72)
    assert booking_days([(evening, "order:E", MIDNIGHT)]) == [(evening, date(2026, 11, 25))]
    assert booking_days([(evening, "shift:s1", None)]) == [(evening, None)]
    assert unpaid_clearing([(evening, None)], date(2026, 11, 30)) == {}


def test_a_clearing_account_that_matches_is_no_difference_and_one_that_does_not_is():
    assert clearing_differences({CLEARING: Decimal(100)}, {CLEARING: Decimal(100)}) == []
    [gap] = clearing_differences({CLEARING: Decimal(100)}, {CLEARING: Decimal(70)})
    assert (gap.kind, gap.amount, gap.iseller, gap.accurate) == (
        "clearing_balance",
        Decimal(-30),
        Decimal(100),
        Decimal(70),
    )
