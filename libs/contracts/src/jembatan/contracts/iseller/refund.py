"""[P] The Refund webhook body (reference §5.2). iSeller publishes only `order_id` + `refund_date`.

Line `amount` is the goods value refunded after discounts, on the same basis as the order's
prices (tax included when `tax_inclusive`), so
`refund_amount = Σ amount + additional_charges_refunded + (Σ tax_amount unless inclusive) + rounding`.
"""

from __future__ import annotations

from pydantic import Field

from .base import ZERO, Amount, Flag, IsellerModel, OptionalUtcDateTime, Quantity, UtcDateTime
from .orders import Cogs, RefundedUnit, Transaction


class RefundLine(IsellerModel):
    order_detail_id: str | None = None
    product_id: str | None = None
    sku: str | None = None
    quantity: Quantity
    restock: Flag = True
    amount: Amount
    discount_amount: Amount = ZERO
    tax_amount: Amount = ZERO
    cogs: list[Cogs] = Field(default_factory=list)


class Refund(IsellerModel):
    refund_id: str
    order_id: str
    order_reference: str = ""
    refund_date: UtcDateTime
    order_date: OptionalUtcDateTime = None
    outlet_id: str
    outlet_code: str | None = None
    register_id: str | None = None
    register_shift_id: str | None = None
    customer_id: str | None = None
    tax_inclusive: Flag = False
    reason: str = ""
    refund_amount: Amount
    lines: list[RefundLine] = Field(default_factory=list)
    additional_charges_refunded: Amount = ZERO
    rounding_amount: Amount = ZERO
    transactions: list[Transaction] = Field(default_factory=list)
    units_returned: list[RefundedUnit] = Field(default_factory=list)

    def expected_refund_amount(self) -> Amount:
        """refund_amount recomputed from the lines."""
        goods = sum((line.amount for line in self.lines), ZERO)
        tax = ZERO if self.tax_inclusive else sum((line.tax_amount for line in self.lines), ZERO)
        return goods + self.additional_charges_refunded + tax + self.rounding_amount
