"""Ledger facts → the till's figures (`TillSale`) that `pricing` turns into document lines."""

from __future__ import annotations

from jembatan.contracts.ledger import PostingLine, RefundFact, SaleFact
from jembatan.contracts.pos import OrderLine

from ..tax import ZERO
from .pricing import GoodsLine, TillSale


def sale_as_till(fact: SaleFact) -> TillSale:
    order = fact.order
    by_id = {line.line_id: line for line in order.lines}
    return TillSale(
        what=f"order {order.order_reference}",
        lines=tuple(_goods(line, _taxable(line, by_id)) for line in fact.lines),
        total=order.total_amount,
        ppn=order.tax_amount,
        inclusive=order.tax_inclusive,
        order_discount=order.order_discount_amount,
        taxable_charges=order.additional_order_amount + order.additional_subtotal_amount,
        other_charges=order.additional_final_amount,
        shipping=order.shipping_amount,
        rounding=order.rounding_amount,
    )


def refund_as_till(fact: RefundFact) -> TillSale:
    refund = fact.refund
    return TillSale(
        what=f"refund {refund.refund_id} of order {refund.order_reference}",
        lines=tuple(_goods(line, line.tax_amount != 0) for line in fact.lines),
        total=refund.refund_amount,
        ppn=sum((line.tax_amount for line in refund.lines), ZERO),
        inclusive=refund.tax_inclusive,
        taxable_charges=refund.additional_charges_refunded,
        rounding=refund.rounding_amount,
    )


def _goods(line: PostingLine, taxable: bool) -> GoodsLine:
    return GoodsLine(
        line.item_no, line.quantity, line.unit_price, line.discount_amount, taxable, line.tax_amount
    )


def _taxable(line: PostingLine, order_lines: dict[str, OrderLine]) -> bool:
    """iSeller's taxable flag of the order line this posting line came from (combos: `<line>:<n>`)."""
    source = order_lines.get(line.source_line_id) or order_lines.get(line.source_line_id.rsplit(":", 1)[0])
    return source.taxable if source is not None else line.tax_amount != 0
