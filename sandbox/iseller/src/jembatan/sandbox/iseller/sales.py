"""At the till: ring up an order (or void it, or open it as a draft first), and take a member's
payment against what they owe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from . import order_payloads
from .arithmetic import money
from .baskets import fill_basket
from .books import Sale
from .context import Day
from .pricing import PricedOrder, price_order
from .refunds import refund_later
from .store import PAYMENT_TYPES, PaymentType, Shift
from .tenders import CASH, choose_tenders, mdr_fee, paid_now_on_account
from .wire import stamp

Action = Callable[[Day], None]


def ring_up(shift: Shift, closed: datetime) -> Action:
    """The action of completing one order at `closed` on `shift`'s register."""
    return lambda day: _ring_up(day, shift, closed)


def _ring_up(day: Day, shift: Shift, closed: datetime) -> None:
    rng, config, outlet = day.rng, day.config, shift.outlet
    member = rng.choice(day.members) if day.members and rng.random() < config.member_order_rate else None
    basket = fill_basket(rng, day.catalogue, member is not None)
    priced = price_order(
        basket.lines, outlet, basket.order_discount, basket.order_promotion, basket.take_away
    )
    opened = max(
        shift.open_date, closed - timedelta(seconds=rng.randrange(60, 300 if basket.take_away else 1800))
    )
    order_id = day.new_id()
    reference = f"#{outlet.outlet_code}-{1001 + len(day.books.orders)}"
    detail_ids: list[str] = []

    def line_id() -> str:
        detail_ids.append(day.new_id())
        return detail_ids[-1]

    payload = order_payloads.order(
        order_id=order_id,
        reference=reference,
        shift=shift,
        basket=basket,
        priced=priced,
        member=member,
        opened=opened,
        closed=closed,
        catalogue=day.catalogue,
        new_id=line_id,
    )
    day.books.orders[order_id] = payload
    if rng.random() < config.void_rate:
        payload.update(
            status="void",
            payment_status="voided",
            fulfillment_status="none",
            closed_date=None,
            cancel_date=stamp(closed),
            cancel_reason="customer left",
        )
        day.emit(closed, "order", payload)
        return
    if not basket.take_away and rng.random() < config.draft_rate:
        draft = {
            **payload,
            "status": "draft",
            "payment_status": "pending",
            "fulfillment_status": "none",
            "closed_date": None,
            "modified_date": stamp(opened),
        }
        day.emit(opened, "order", draft)

    total = priced.total(outlet.tax_inclusive)
    owing = 0
    if member and rng.random() < config.on_account_rate:
        paid = paid_now_on_account(rng, total)
        owing, tenders = total - paid, [(CASH, paid)] if paid else []
    else:
        tenders = choose_tenders(rng, total)
    transactions = [order_payloads.transaction(p, amount, day.new_id(), closed) for p, amount in tenders]
    payload.update(
        transactions=transactions,
        on_account=owing > 0,
        remaining_on_account=money(owing),
        payment_status="partially_paid" if owing else "paid",
    )
    day.emit(closed, "order", payload)
    _book_sale(day, shift, payload, priced, total, owing, tenders, transactions)
    sale = Sale(
        payload, priced, detail_ids, shift, closed, tenders, member.customer_id if member else None, owing
    )
    day.books.sales[order_id] = sale
    refund_later(day, sale)
    if owing and rng.random() < config.settle_rate:
        at = closed + timedelta(minutes=rng.randrange(20, 240))
        if at < day.last_close(shift.register_id) - timedelta(minutes=1):
            day.schedule(at, lambda d: _settle(d, order_id, at))


def _book_sale(
    day: Day,
    shift: Shift,
    payload: dict[str, Any],
    priced: PricedOrder,
    total: int,
    owing: int,
    tenders: list[tuple[PaymentType, int]],
    transactions: list[dict[str, Any]],
) -> None:
    book = day.books.shifts[shift.register_shift_id]
    book.order_ids.append(payload["order_id"])
    book.total_sales += total
    book.gross += priced.total_order_amount
    book.discounts += priced.total_discount
    book.promotions += priced.total_promotion
    book.additional_charges += priced.service_charge + priced.final_charge
    book.tax += priced.tax
    book.rounding += priced.rounding
    for (payment, amount), sent in zip(tenders, transactions, strict=True):
        fee = mdr_fee(payment, amount)
        book.take(payment, amount, fee)
        if payment.iseller_pay:
            day.books.unpaid.append(
                {
                    "transaction_id": sent["transaction_id"],
                    "order_id": payload["order_id"],
                    "order_reference": payload["order_reference"],
                    "outlet_id": shift.outlet.outlet_id,
                    "payment_type_name": payment.name,
                    "transaction_date": sent["transaction_date"],
                    "gross_amount": amount,
                    "fee_amount": fee,
                    "net_amount": amount - fee,
                }
            )
    if owing:
        book.on_account_amount += owing
        book.on_account_order_ids.append(payload["order_id"])
        day.books.balances[payload["customer_id"]] += owing
    for p in priced.lines:
        for sku, units in p.line.item.relieves(p.line.quantity):
            day.books.stock.move(shift.outlet.outlet_id, sku, -units)


def _settle(day: Day, order_id: str, at: datetime) -> None:
    """A member pays (all or half of) what an on-account order still owes."""
    sale = day.books.sales[order_id]
    shift = day.shift_at(sale.shift.register_id, at)
    if shift is None or not sale.owing or sale.member_id is None:
        return
    amount = sale.owing if day.rng.random() < 0.7 else max(1000, sale.owing // 2 // 1000 * 1000)
    amount = min(amount, sale.owing)
    payment = day.rng.choice([CASH, PAYMENT_TYPES[1]])
    sale.owing -= amount
    settlement_id = day.new_id()
    day.emit(
        at,
        "customer_payment",
        {
            "settlement_id": settlement_id,
            "customer_id": sale.member_id,
            "outlet_id": shift.outlet.outlet_id,
            "register_id": shift.register_id,
            "register_shift_id": shift.register_shift_id,
            "settled_at": stamp(at),
            "amount": money(amount),
            "transactions": [
                {
                    "transaction_id": day.new_id(),
                    "gateway": payment.gateway,
                    "payment_type_name": payment.name,
                    "amount": money(amount),
                }
            ],
            "allocations": [
                {
                    "order_id": order_id,
                    "order_reference": sale.payload["order_reference"],
                    "amount": money(amount),
                    "remaining_on_account": money(sale.owing),
                }
            ],
        },
    )
    day.books.balances[sale.member_id] -= amount
    book = day.books.shifts[shift.register_shift_id]
    book.customer_payment_ids.append(settlement_id)
    book.customer_payments[payment.gateway, payment.name] += amount
