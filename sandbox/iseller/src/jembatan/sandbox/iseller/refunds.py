"""Customers bring things back: a full refund, or part of one line. Money goes back the way it
came, or in cash for about half of those paid by another type (only for orders paid by one
non-iSeller-Pay type, so payouts stay simple [P])."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .arithmetic import half_up, money, round_to
from .books import Sale
from .context import Day
from .order_payloads import transaction
from .pricing import PricedLine
from .store import PAYMENT_TYPES
from .wire import stamp


def refund_later(day: Day, sale: Sale) -> None:
    """Maybe schedule a refund of `sale` within the same register's day."""
    tenders = sale.tenders
    eligible = not sale.owing and len(tenders) == 1 and not tenders[0][0].iseller_pay
    if not eligible or day.rng.random() >= day.config.refund_rate:
        return
    at = sale.closed_at + timedelta(minutes=day.rng.randrange(5, 180))
    if at < day.last_close(sale.shift.register_id) - timedelta(minutes=1):
        day.schedule(at, lambda d: _refund(d, sale, at))


def _line(priced: PricedLine, detail_id: str, units: int, restock: bool) -> dict[str, Any]:
    line = priced.line
    share = Decimal(units) / line.quantity
    return {
        "order_detail_id": detail_id,
        "product_id": line.item.product_id,
        "sku": line.item.sku,
        "quantity": units,
        "restock": restock,
        "amount": money(half_up(priced.after_discounts * share)),
        "discount_amount": money(half_up((line.discount + line.promotion + priced.order_share) * share)),
        "tax_amount": money(half_up(priced.tax * share)),
    }


def _refund(day: Day, sale: Sale, at: datetime) -> None:
    shift = day.shift_at(sale.shift.register_id, at)
    if shift is None:
        return
    outlet, priced = shift.outlet, sale.priced
    children = {p.line.parent for p in priced.lines if p.line.parent is not None}
    singles = [
        i
        for i, p in enumerate(priced.lines)
        if p.line.parent is None and i not in children and p.line.item.type in ("standard", "variant")
    ]
    if singles and day.rng.random() < 0.6:
        i = day.rng.choice(singles)
        units = day.rng.randint(1, priced.lines[i].line.quantity)
        restock = priced.lines[i].line.item.restockable
        lines = [_line(priced.lines[i], sale.detail_ids[i], units, restock)]
        goods = sum(int(line["amount"]) for line in lines)
        charges = half_up(Decimal(priced.service_charge * goods) / priced.subtotal) if priced.subtotal else 0
        tax = 0 if outlet.tax_inclusive else sum(int(line["tax_amount"]) for line in lines)
        raw = goods + charges + tax
        rounding = round_to(raw, outlet.rounding_unit) - raw if outlet.rounding_unit else 0
    else:
        lines = [
            _line(p, sale.detail_ids[i], p.line.quantity, p.line.item.restockable)
            for i, p in enumerate(priced.lines)
        ]
        charges, rounding = priced.service_charge + priced.final_charge, priced.rounding
        raw = priced.total(outlet.tax_inclusive) - rounding
    amount = raw + rounding
    payment = sale.tenders[0][0]
    # The card was not at hand: the money goes back in cash. Decided by the order id, not the day's
    # random stream, so the rest of every seeded day stays as it was.
    if payment.gateway != "cash" and zlib.crc32(sale.payload["order_id"].encode()) % 2 == 0:
        payment = PAYMENT_TYPES[0]
    refund_id = day.new_id()
    order = sale.payload
    day.emit(
        at,
        "refund",
        {
            "refund_id": refund_id,
            "order_id": order["order_id"],
            "order_reference": order["order_reference"],
            "order_date": order["order_date"],
            "refund_date": stamp(at),
            "outlet_id": outlet.outlet_id,
            "outlet_code": outlet.outlet_code,
            "register_id": shift.register_id,
            "register_shift_id": shift.register_shift_id,
            "customer_id": order["customer_id"],
            "tax_inclusive": outlet.tax_inclusive,
            "reason": day.rng.choice(["wrong item", "damaged", "changed mind"]),
            "refund_amount": money(amount),
            "lines": lines,
            "additional_charges_refunded": money(charges),
            "rounding_amount": money(rounding),
            "transactions": [transaction(payment, amount, day.new_id(), at, kind="refund")],
            "units_returned": [
                {"product_id": line["product_id"], "sku": line["sku"], "stock": line["quantity"]}
                for line in lines
                if line["restock"]
            ],
        },
    )
    book = day.books.shifts[shift.register_shift_id]
    book.refund_ids.append(refund_id)
    book.refund_payments[payment.gateway, payment.name] += amount
    day.books.refunded_ids.add(order["order_id"])
    for line in lines:
        if line["restock"]:
            day.books.stock.move(outlet.outlet_id, line["sku"], line["quantity"])
