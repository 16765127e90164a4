"""The iSeller Pay clearing account: what Accurate holds in it at the end of a day beside the iSeller
Pay takings that iSeller has not paid out yet (taken in, minus money back, minus payouts' gross)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from jembatan.contracts.ledger import Fact, PayoutFact, RefundFact, SaleFact

from ..jakarta import jakarta_day
from .compare import ACTIONS, Difference, GapKind


def unpaid_clearing(facts: Sequence[Fact], day: date) -> dict[str, Decimal]:
    """Per clearing account: iSeller Pay money taken up to `day` (Jakarta) and not yet paid out."""
    unpaid: dict[str | None, Decimal] = defaultdict(Decimal)
    for fact in facts:
        match fact:
            case SaleFact(order=order, outlet=outlet) if jakarta_day(order.closed_at) <= day:
                account = outlet.iseller_pay_clearing_account
                unpaid[account] += sum(
                    (p.amount for p in fact.payments if p.account_no == account), Decimal(0)
                )
            case RefundFact(refund=refund, outlet=outlet) if jakarta_day(refund.refunded_at) <= day:
                account = outlet.iseller_pay_clearing_account
                unpaid[account] -= sum(
                    (p.amount for p in fact.payments if p.account_no == account), Decimal(0)
                )
            case PayoutFact(payout=payout, outlet=outlet) if payout.payout_date <= day:
                unpaid[outlet.iseller_pay_clearing_account] -= payout.transactions_amount
    return {
        account: amount for account, amount in unpaid.items() if account
    }  # no clearing account: no iSeller Pay


def clearing_differences(
    unpaid: dict[str, Decimal], balances: dict[str, Decimal], explained: dict[str, Decimal] | None = None
) -> list[Difference]:
    """A difference per clearing account whose Accurate balance is not iSeller's unpaid takings, beyond
    what `explained` (per account: the receipts' own differences, already reported) accounts for."""
    out = []
    for account in sorted(unpaid):
        held, owed = balances.get(account, Decimal(0)), unpaid[account]
        if held - owed != (explained or {}).get(account, Decimal(0)):
            out.append(
                Difference(
                    GapKind.CLEARING_BALANCE,
                    held - owed,
                    None,
                    (),
                    iseller=owed,
                    accurate=held,
                    action=ACTIONS[GapKind.CLEARING_BALANCE],
                    detail=f"clearing {account}: Accurate {held:,}, iSeller not yet paid out {owed:,}",
                )
            )
    return out
