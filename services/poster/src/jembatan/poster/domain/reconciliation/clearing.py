"""The iSeller Pay clearing account: what Accurate holds in it at the end of a day beside the iSeller
Pay takings that iSeller has not paid out yet (taken in, minus money back, minus payouts' gross).

Each sale and refund counts on the day its documents are dated in Accurate (the recipes' rule), not
on the day it happened at the till: a scheduled window closing at midnight books its evening's
takings on the next day, so they are not yet in the clearing account as of the day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from jembatan.contracts.ledger import Fact, PayoutFact, RefundFact, SaleFact

from ..jakarta import jakarta_day
from .compare import ACTIONS, Difference, GapKind

# A fact beside the day its documents are dated in Accurate (None: its window is not planned yet).
Booked = tuple[Fact, date | None]


def booking_days(held: Sequence[tuple[Fact, str | None, datetime | None]]) -> list[Booked]:
    """Each held fact (with its window's id and, once planned, the window's close) and the day its
    money is booked: an order with its own invoice (real time, a member's, on account) on the order's
    day; the orders of a window's summary invoice on the day the window closes; a refund on its own
    day, or on its window's when it returns an order of that same summary (see `recipes`)."""
    summary_orders: dict[str, set[str]] = defaultdict(set)
    for fact, window_id, closed in held:
        if isinstance(fact, SaleFact) and window_id and closed and not _own_invoice(fact, window_id):
            summary_orders[window_id].add(fact.order.order_id)
    out: list[Booked] = []
    for fact, window_id, closed in held:
        if closed is None or window_id is None:
            out.append((fact, None))
            continue
        match fact:
            case SaleFact(order=order):
                own = _own_invoice(fact, window_id)
                out.append((fact, jakarta_day(order.closed_at) if own else jakarta_day(closed)))
            case RefundFact(refund=refund):
                same = refund.order_id in summary_orders.get(window_id, set())
                day = jakarta_day(refund.refunded_at)
                out.append((fact, max(day, jakarta_day(closed)) if same else day))
            case _:
                out.append((fact, jakarta_day(closed)))
    return out


def _own_invoice(sale: SaleFact, window_id: str) -> bool:
    """As `recipes.sales_window`: real-time and on-account orders get an invoice of their own."""
    return window_id == f"order:{sale.order.order_id}" or sale.on_account or sale.order.on_account_amount > 0


def unpaid_clearing(booked: Sequence[Booked], day: date) -> dict[str, Decimal]:
    """Per clearing account: iSeller Pay money booked up to `day` (Jakarta) and not yet paid out.
    A payout counts on its payout date; a sale or refund whose window is not planned yet counts
    nowhere (Accurate cannot hold it yet)."""
    unpaid: dict[str | None, Decimal] = defaultdict(Decimal)
    for fact, booked_on in booked:
        match fact:
            case SaleFact(outlet=outlet) if booked_on is not None and booked_on <= day:
                account = outlet.iseller_pay_clearing_account
                unpaid[account] += sum(
                    (p.amount for p in fact.payments if p.account_no == account), Decimal(0)
                )
            case RefundFact(outlet=outlet) if booked_on is not None and booked_on <= day:
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
