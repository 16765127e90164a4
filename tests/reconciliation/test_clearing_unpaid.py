"""iSeller Pay money not yet paid out: taken in, minus money back, minus payouts up to the day."""

from datetime import date
from decimal import Decimal

from jembatan.contracts.ledger import PayoutFact
from jembatan.contracts.pos import PayoutSettled
from jembatan.poster.domain.reconciliation import clearing_differences, unpaid_clearing
from sandbox_day import CLEARING, till_sale
from window_facts import outlet


def payout(gross: str, on: date) -> PayoutFact:
    settled = PayoutSettled(payout_id=f"p-{on}", reference_id="PO-1", payout_date=on, transactions_amount=gross,
                            total_fees="0", total_deposit=gross)  # fmt: skip
    return PayoutFact(payout=settled, outlet=outlet(iseller_pay_clearing_account=CLEARING))


def test_takings_less_payouts_paid_by_the_day_are_still_owed():
    facts = [
        till_sale("A", 1),
        till_sale("B", 2),
        payout("31500", date(2026, 11, 25)),
        payout("31500", date(2026, 11, 26)),
    ]
    assert unpaid_clearing(facts, date(2026, 11, 25)) == {CLEARING: Decimal(31500)}
    assert unpaid_clearing(facts, date(2026, 11, 26)) == {CLEARING: Decimal(0)}


def test_a_clearing_account_that_matches_is_no_difference_and_one_that_does_not_is():
    assert clearing_differences({CLEARING: Decimal(100)}, {CLEARING: Decimal(100)}) == []
    [gap] = clearing_differences({CLEARING: Decimal(100)}, {CLEARING: Decimal(70)})
    assert (gap.kind, gap.amount, gap.iseller, gap.accurate) == (
        "clearing_balance",
        Decimal(-30),
        Decimal(100),
        Decimal(70),
    )
