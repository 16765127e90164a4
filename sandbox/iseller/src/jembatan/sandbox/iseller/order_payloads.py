"""iSeller order objects (GetOrders vocabulary) from a priced basket. Pure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from .arithmetic import money
from .baskets import Basket
from .catalogue import Catalogue, Item
from .pricing import PricedLine, PricedOrder
from .store import Member, PaymentType, Shift
from .tenders import mdr_fee
from .wire import stamp


def _components(
    parts: tuple[tuple[str, int], ...], quantity: int, catalogue: Catalogue
) -> list[dict[str, Any]]:
    out = []
    for sku, per_unit in parts:
        item = catalogue.by_sku[sku]
        out.append(
            {
                "product_id": item.product_id,
                "product_sku": sku,
                "product_name": item.name,
                "variant_name": item.variant_name,
                "quantity": per_unit * quantity,
            }
        )
    return out


def _cogs(item: Item, quantity: int, catalogue: Catalogue) -> list[dict[str, Any]]:
    if item.components:
        return [
            {
                "product_id": catalogue.by_sku[sku].product_id,
                "sku": sku,
                "quantity": n * quantity,
                "buying_price": money(catalogue.by_sku[sku].cost),
            }
            for sku, n in item.components
        ]
    if item.track_inventory and item.sku:
        return [
            {
                "product_id": item.product_id,
                "sku": item.sku,
                "quantity": quantity,
                "buying_price": money(item.cost),
            }
        ]
    return []


def detail(
    priced: PricedLine, detail_id: str, parent_id: str | None, tax_rate: Decimal, catalogue: Catalogue
) -> dict[str, Any]:
    """One `order_details[]` row; a modifier is its own row pointing at its parent [P]."""
    line, item = priced.line, priced.line.item
    row: dict[str, Any] = {
        "order_detail_id": detail_id,
        "product_id": item.product_id,
        "product_name": item.name,
        "product_variant_name": item.variant_name,
        "type": item.type if item.type != "modifier" else "standard",
        "sku": item.sku,
        "quantity": line.quantity,
        "base_price": money(item.price),
        "discount_amount": money(line.discount),
        "discount_percentage": line.discount_percentage,
        "discount_order_amount": money(priced.order_share),
        "taxable": item.taxable,
        "tax_percentage": tax_rate if item.taxable else Decimal(0),
        "tax_amount": money(priced.tax),
        "track_inventory": item.track_inventory,
        "fulfilment_status": "fulfilled",
        "discounts": [{"discount_name": line.discount_name, "discount_amount": money(line.discount)}]
        if line.discount
        else [],
        "promotions": [{"promotion_name": line.promotion_name, "promotion_amount": money(line.promotion)}]
        if line.promotion
        else [],
        "cogs": _cogs(item, line.quantity, catalogue),
    }
    if item.type == "modifier":
        row.update(
            product_id=None,
            product_modifier_id=item.product_id,
            product_modifier_name=item.name,
            modifier_product_id=item.product_id,
            modifier_product_sku=item.sku,
            modifier_product_type="standard",
            parent_order_detail_id=parent_id,
            modifier_product_composites=_components(item.components, line.quantity, catalogue),
        )
    elif item.type == "composite":
        row["product_composites"] = _components(item.components, line.quantity, catalogue)
    elif item.type == "comboset":
        row["product_combos"] = _components(item.components, line.quantity, catalogue)
    return row


def transaction(
    payment: PaymentType, amount: int, transaction_id: str, at: datetime, kind: str = "sale"
) -> dict[str, Any]:
    fee = mdr_fee(payment, amount) if kind == "sale" else 0
    out: dict[str, Any] = {
        "transaction_id": transaction_id,
        "transaction_date": stamp(at),
        "channel": "pos",
        "type": kind,
        "status": "success",
        "gateway": payment.gateway,
        "payment_type_name": payment.name,
        "currency": "IDR",
        "amount": money(amount),
    }
    if payment.iseller_pay and kind == "sale":
        out["mdr"] = [{"payment_method_fee": money(fee), "total_amount_fee": money(amount - fee)}]
    return out


def order(
    *,
    order_id: str,
    reference: str,
    shift: Shift,
    basket: Basket,
    priced: PricedOrder,
    member: Member | None,
    opened: datetime,
    closed: datetime,
    catalogue: Catalogue,
    new_id: Callable[[], str],
) -> dict[str, Any]:
    """A completed order without transactions (the caller adds them and the on-account part)."""
    outlet = shift.outlet
    ids = [new_id() for _ in priced.lines]
    rate = outlet.tax_rate
    details = [
        detail(p, ids[i], ids[p.line.parent] if p.line.parent is not None else None, rate, catalogue)
        for i, p in enumerate(priced.lines)
    ]
    payload: dict[str, Any] = {
        "order_id": order_id,
        "order_reference": reference,
        "channel": "pos",
        "channel_detail": None,
        "order_type": "take_away" if basket.take_away else "dine_in",
        "status": "completed",
        "payment_status": "paid",
        "fulfillment_status": "fulfilled",
        "order_date": stamp(opened),
        "closed_date": stamp(closed),
        "modified_date": stamp(closed),
        "outlet_id": outlet.outlet_id,
        "outlet_code": outlet.outlet_code,
        "outlet_name": outlet.outlet_name,
        "register_id": shift.register_id,
        "register_name": shift.register_name,
        "register_shift_id": shift.register_shift_id,
        "customer_id": member.customer_id if member else None,
        "external_customer_id": member.external_customer_id if member else None,
        "customer_first_name": member.first_name if member else None,
        "customer_last_name": member.last_name if member else None,
        "customer_phone_number": member.phone_number if member else None,
        "customer_email": member.email if member else None,
        "currency": "IDR",
        "time_zone": 7,
        "tax_inclusive": outlet.tax_inclusive,
        "total_order_amount": money(priced.total_order_amount),
        "discount_percentage": basket.order_discount_percentage,
        "total_discount_amount": money(priced.total_discount),
        "total_promotion_amount": money(priced.total_promotion),
        "subtotal": money(priced.subtotal),
        "total_additional_order_amount": money(0),
        "total_additional_subtotal_amount": money(priced.service_charge),
        "total_additional_final_amount": money(priced.final_charge),
        "total_shipping_amount": money(0),
        "total_tax_amount": money(priced.tax),
        "rounding_amount": money(priced.rounding),
        "total_amount": money(priced.total(outlet.tax_inclusive)),
        "on_account": False,
        "remaining_on_account": money(0),
        "order_details": details,
        "discounts": [
            {"discount_name": basket.order_discount_name, "discount_amount": money(basket.order_discount)}
        ]
        if basket.order_discount
        else [],
        "promotions": [
            {"promotion_name": basket.order_promotion_name, "promotion_amount": money(basket.order_promotion)}
        ]
        if basket.order_promotion
        else [],
        "transactions": [],
    }
    return payload
