"""End of a shift (the register close with its totals) and end of the day (iSeller Pay payouts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .arithmetic import money
from .books import Totals
from .context import Day
from .store import Outlet, Shift
from .wire import stamp

Action = Callable[[Day], None]
EXPRESS_FEE = 3000


def _payments(totals: Totals, fees: Totals | None = None) -> list[dict[str, Any]]:
    return [
        {
            "gateway": g,
            "payment_type_name": n,
            "amount": money(a),
            "mdr_fee": money((fees or {}).get((g, n), 0)),
        }
        for (g, n), a in sorted(totals.items())
        if a
    ]


def close_shift(shift: Shift) -> Action:
    """The register close: the shift's order count and its payments per payment type [P]."""

    def close(day: Day) -> None:
        book = day.books.shifts[shift.register_shift_id]
        difference = day.rng.choice([0, 0, 0, 0, -500, -2000, 1000])
        expected = book.expected_cash
        refunds = sum(book.refund_payments.values())
        day.emit(
            shift.closed_date,
            "register_shift",
            {
                "register_shift_id": shift.register_shift_id,
                "register_id": shift.register_id,
                "register_name": shift.register_name,
                "outlet_id": shift.outlet.outlet_id,
                "outlet_code": shift.outlet.outlet_code,
                "open_date": stamp(shift.open_date),
                "closed_date": stamp(shift.closed_date),
                "order_count": len(book.order_ids),
                "refund_count": len(book.refund_ids),
                "opening_cash": money(book.opening_cash),
                "cash_sales": money(book.payments.get(("cash", "Cash"), 0)),
                "cash_refunds": money(book.refund_payments.get(("cash", "Cash"), 0)),
                "pay_in": money(0),
                "pay_out": money(0),
                "expected_cash": money(expected),
                "counted_cash": money(expected + difference),
                "cash_difference": money(difference),
                "totals": {
                    "gross": money(book.gross),
                    "discounts": money(book.discounts),
                    "promotions": money(book.promotions),
                    "additional_charges": money(book.additional_charges),
                    "tax": money(book.tax),
                    "rounding": money(book.rounding),
                    "refunds": money(refunds),
                    "net": money(book.total_sales - refunds),
                },
                "total_sales": money(book.total_sales),
                "on_account_amount": money(book.on_account_amount),
                "payments": _payments(book.payments, book.mdr_fees),
                "refund_payments": _payments(book.refund_payments),
                "customer_payments": _payments(book.customer_payments),
                "order_ids": list(book.order_ids),
                "refund_ids": list(book.refund_ids),
                "on_account_order_ids": list(book.on_account_order_ids),
                "customer_payment_ids": list(book.customer_payment_ids),
            },
        )

    return close


def payout(
    number: int,
    day_date: date,
    interval: str,
    outlet: Outlet | None,
    cutoff: datetime,
    processing: datetime,
    completed: datetime,
) -> Action:
    """Pay out the unpaid iSeller Pay transactions before `cutoff` (of one outlet, or all)."""

    def pay(day: Day) -> None:
        entries = [
            e
            for e in day.books.unpaid
            if e["transaction_date"] < stamp(cutoff)
            and (outlet is None or e["outlet_id"] == outlet.outlet_id)
        ]
        if not entries:
            return
        day.books.unpaid = [e for e in day.books.unpaid if e not in entries]
        gross = sum(e["gross_amount"] for e in entries)
        fees = sum(e["fee_amount"] for e in entries)
        express = EXPRESS_FEE if interval == "express" else 0
        payload: dict[str, Any] = {
            "payout_id": day.new_id(),
            "reference_id": f"PO-{day_date:%y%m%d}-{number:02d}",
            "status": "in_process",
            "interval": interval,
            "payout_date": day_date.isoformat(),
            "currency": "IDR",
            "transactions_amount": money(gross),
            "total_fees": money(fees),
            "payout_fee": money(express),
            "total_deposit": money(gross - fees - express),
            "outlet_id": outlet.outlet_id if outlet else None,
            "bank_account": {"bank_name": "BCA", "account_number_masked": "****1234"},
            "entries": [
                {**e, **{k: money(e[k]) for k in ("gross_amount", "fee_amount", "net_amount")}}
                for e in entries
            ],
        }
        day.emit(processing, "payout", dict(payload))
        day.emit(completed, "payout", {**payload, "status": "completed"})
        day.books.payouts.append(payload)

    return pay
