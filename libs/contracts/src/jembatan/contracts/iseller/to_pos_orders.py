"""Orders and refunds → canonical POS events (`jembatan.contracts.pos`). Pure."""

from __future__ import annotations

from decimal import Decimal

from .. import pos
from .base import ZERO
from .orders import Order, OrderDetail, ProductComponent, Transaction
from .refund import Refund

_KINDS = {kind.value: kind for kind in pos.ProductKind}
_KIND_ALIASES = {"composite_variant": pos.ProductKind.COMPOSITE}


def _blank_to_none(text: str | None) -> str | None:
    return (text or "").strip() or None


def order_completed(order: Order) -> pos.OrderCompleted:
    """A completed order as `pos.order_completed/1` (raises ValueError when it has no close date)."""
    closed_at = order.closed_date or order.order_date
    if closed_at is None:
        raise ValueError(f"order {order.order_id}: completed without closed_date or order_date")
    return pos.OrderCompleted(
        order_id=order.order_id,
        order_reference=order.order_reference or order.order_id,
        channel=order.channel or "pos",
        outlet_id=order.outlet_id,
        outlet_code=order.outlet_code,
        register_id=order.register_id,
        register_shift_id=order.register_shift_id,
        closed_at=closed_at,
        customer=_customer(order),
        tax_inclusive=order.tax_inclusive,
        lines=[_line(detail) for detail in order.order_details],
        order_discount_amount=order.order_level_discount,
        additional_order_amount=order.total_additional_order_amount,
        additional_subtotal_amount=order.total_additional_subtotal_amount,
        additional_final_amount=order.total_additional_final_amount,
        shipping_amount=order.total_shipping_amount,
        tax_amount=order.total_tax_amount,
        rounding_amount=order.rounding_amount,
        total_amount=order.total_amount,
        payments=[_payment(t) for t in order.transactions if t.type.lower() == "sale" and t.succeeded],
        on_account_amount=order.remaining_on_account if order.on_account else ZERO,
    )


def _customer(order: Order) -> pos.CustomerRef | None:
    if order.customer is not None:
        c = order.customer
        name = " ".join(p for p in (c.first_name.strip(), c.last_name.strip()) if p)
        return pos.CustomerRef(
            customer_id=c.customer_id,
            external_customer_id=c.external_customer_id or order.external_customer_id,
            name=name,
            phone=c.phone_number,
            email=c.email,
        )
    if not order.customer_id:
        return None
    parts = (order.customer_first_name or "", order.customer_last_name or "")
    return pos.CustomerRef(
        customer_id=order.customer_id,
        external_customer_id=_blank_to_none(order.external_customer_id),
        name=" ".join(p.strip() for p in parts if p.strip()),
        phone=_blank_to_none(order.customer_phone_number),
        email=_blank_to_none(order.customer_email),
    )


def _line(detail: OrderDetail) -> pos.OrderLine:
    if detail.is_modifier:
        kind = pos.ProductKind.MODIFIER
        sku = _blank_to_none(detail.modifier_product_sku) or _blank_to_none(detail.sku)
        product_id = detail.modifier_product_id or detail.product_modifier_id or detail.order_detail_id
        name = detail.product_modifier_name or detail.product_name
        parts = detail.modifier_product_composites
    else:
        kind = _KINDS.get(detail.type.lower()) or _KIND_ALIASES.get(
            detail.type.lower(), pos.ProductKind.STANDARD
        )
        sku = _blank_to_none(detail.sku)
        product_id = detail.product_id or detail.order_detail_id
        name = detail.product_name
        if detail.product_variant_name and detail.product_variant_name not in name:
            name = f"{name} - {detail.product_variant_name}"
        parts = detail.product_combos if kind is pos.ProductKind.COMBOSET else detail.product_composites
    return pos.OrderLine(
        line_id=detail.order_detail_id,
        product_id=product_id,
        sku=sku,
        name=name,
        kind=kind,
        parent_line_id=detail.parent_order_detail_id,
        quantity=detail.quantity,
        unit_price=detail.base_price,
        discount_amount=detail.discount_amount + detail.promotion_amount,
        taxable=detail.taxable,
        tax_amount=detail.tax_amount,
        track_inventory=detail.track_inventory,
        components=[_component(part, detail.quantity) for part in parts],
    )


def _component(part: ProductComponent, line_quantity: Decimal) -> pos.Component:
    # iSeller gives the quantity deducted for the whole line [I]; canonical is per unit of the line.
    per_unit = part.quantity / line_quantity if line_quantity else part.quantity
    return pos.Component(
        product_id=part.product_id,
        sku=part.code,
        name=part.product_name,
        quantity=per_unit.normalize() if per_unit == per_unit.to_integral_value() else per_unit,
    )


def _payment(t: Transaction, fallback_id: str = "") -> pos.Payment:
    return pos.Payment(
        transaction_id=t.transaction_id or fallback_id,
        gateway=t.gateway,
        payment_type_name=t.payment_type_name or t.gateway,
        amount=t.amount,
        mdr_fee=t.mdr_fee,
    )


def order_refunded(refund: Refund) -> pos.OrderRefunded:
    """A refund (full or partial) as `pos.order_refunded/1`."""
    money_back = [t for t in refund.transactions if t.type.lower() in ("refund", "void") and t.succeeded]
    return pos.OrderRefunded(
        refund_id=refund.refund_id,
        order_id=refund.order_id,
        order_reference=refund.order_reference or refund.order_id,
        outlet_id=refund.outlet_id,
        outlet_code=refund.outlet_code,
        register_id=refund.register_id,
        register_shift_id=refund.register_shift_id,
        refunded_at=refund.refund_date,
        customer=pos.CustomerRef(customer_id=refund.customer_id) if refund.customer_id else None,
        tax_inclusive=refund.tax_inclusive,
        lines=[
            pos.RefundLine(
                line_id=line.order_detail_id,
                product_id=line.product_id,
                sku=_blank_to_none(line.sku),
                quantity=line.quantity,
                amount=line.amount,
                discount_amount=line.discount_amount,
                tax_amount=line.tax_amount,
                restock=line.restock,
            )
            for line in refund.lines
        ],
        additional_charges_refunded=refund.additional_charges_refunded,
        rounding_amount=refund.rounding_amount,
        refund_amount=refund.refund_amount,
        payments=[_payment(t, f"{refund.refund_id}:{i}") for i, t in enumerate(money_back)],
        reason=refund.reason,
    )
