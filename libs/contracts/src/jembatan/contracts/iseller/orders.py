"""An iSeller order, as GetOrders returns it and as the Order webhook sends it (reference §2.5).

Field names are iSeller's own. Fields marked [P] are this project's proposals, not iSeller's
published schema (the simulator sends them; real payloads may lack them, so all have defaults).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import (
    ZERO,
    Amount,
    Flag,
    IsellerModel,
    OptionalAmount,
    OptionalUtcDateTime,
    Quantity,
)


class Mdr(IsellerModel):
    """iSeller Pay merchant discount: the fee and the amount left after it."""

    payment_method_fee: Amount = ZERO
    total_amount_fee: Amount = ZERO


class Transaction(IsellerModel):
    transaction_id: str = ""
    transaction_date: OptionalUtcDateTime = None
    channel: str | None = None
    type: str = "sale"  # sale | refund | void
    status: str = "success"  # success | error | pending | failure
    gateway: str = ""  # cash, external_debit, external_credit, iseller_pay, custom, …
    payment_type_id: str | None = None
    payment_type_name: str = ""
    currency: str = "IDR"
    amount: Amount
    mdr: list[Mdr] = Field(default_factory=list)
    bin_card: str | None = None
    additional_info: Any = None

    @property
    def mdr_fee(self) -> Amount:
        """The iSeller Pay fee on this transaction (zero for other gateways)."""
        return sum((m.payment_method_fee for m in self.mdr), ZERO)

    @property
    def succeeded(self) -> bool:
        return self.status.lower() == "success"


class Promotion(IsellerModel):
    promotion_id: str | None = None
    promotion_name: str = ""
    promotion_type: str | None = None
    promotion_amount: Amount = ZERO


class Discount(IsellerModel):
    discount_name: str = ""
    discount_amount: Amount = ZERO
    discount_percentage: OptionalAmount = None


class ProductComponent(IsellerModel):
    """An ingredient (`product_composites`) or a comboset slot (`product_combos`), whole line."""

    product_id: str | None = None
    product_sku: str | None = None
    sku: str | None = None
    product_name: str = ""
    variant_name: str | None = None
    category: str | None = None
    quantity: Quantity = ZERO

    @property
    def code(self) -> str | None:
        return (self.product_sku or self.sku or "").strip() or None


class Cogs(IsellerModel):
    product_id: str | None = None
    sku: str | None = None
    quantity: Quantity = ZERO
    buying_price: OptionalAmount = None


class OrderDetail(IsellerModel):
    """One order line. A modifier is its own line (`product_modifier_id` set)."""

    order_detail_id: str
    product_id: str | None = None
    product_name: str = ""
    product_generic_name: str | None = None
    product_type: str | None = None
    product_variant_id: str | None = None
    product_variant_name: str | None = None
    product_modifier_id: str | None = None
    product_modifier_name: str | None = None
    parent_order_detail_id: str | None = None  # [P] iSeller has no explicit parent link
    type: str = "standard"  # standard | variant | composite | comboset (new types appear)
    sku: str | None = None
    modifier_product_type: str | None = None
    modifier_product_id: str | None = None
    modifier_product_sku: str | None = None
    fulfilment_status: str | None = None
    quantity: Quantity
    base_price: Amount
    discount_amount: Amount = ZERO  # this line's own discounts, whole line
    discount_percentage: OptionalAmount = None
    discount_order_amount: Amount = ZERO  # share of the order-level discount [F2]
    taxable: Flag = True
    tax_percentage: OptionalAmount = None
    tax_amount: Amount = ZERO
    track_inventory: Flag = True
    notes: str | None = None
    promotions: list[Promotion] = Field(default_factory=list)
    discounts: list[Discount] = Field(default_factory=list)
    product_composites: list[ProductComponent] = Field(default_factory=list)
    modifier_product_composites: list[ProductComponent] = Field(default_factory=list)
    product_combos: list[ProductComponent] = Field(default_factory=list)
    cogs: list[Cogs] = Field(default_factory=list)

    @property
    def is_modifier(self) -> bool:
        return bool(self.product_modifier_id)

    @property
    def promotion_amount(self) -> Amount:
        return sum((p.promotion_amount for p in self.promotions), ZERO)

    @property
    def net_amount(self) -> Amount:
        """quantity x base price - this line's discounts and promotions."""
        return self.quantity * self.base_price - self.discount_amount - self.promotion_amount


class CustomerInfo(IsellerModel):
    """[P] a nested customer object; real orders carry flat `customer_*` fields instead."""

    customer_id: str
    external_customer_id: str | None = None
    first_name: str = ""
    last_name: str = ""
    phone_number: str | None = None
    email: str | None = None


class RefundedUnit(IsellerModel):
    product_id: str | None = None
    product_name: str = ""
    sku: str | None = None
    stock: Quantity = ZERO


class RefundedOrder(IsellerModel):
    """GetOrders `refunded_orders[]` (with the TrackInventory include)."""

    order_id: str
    order_reference: str = ""
    refund_date: OptionalUtcDateTime = None
    refund_amount: Amount = ZERO
    units_returned: list[RefundedUnit] = Field(default_factory=list)


class Order(IsellerModel):
    """An order (webhook body or one item of GetOrders `orders[]`)."""

    order_id: str
    order_reference: str = ""
    channel: str = "pos"
    channel_detail: str | None = None
    order_type: str | None = None
    status: str  # draft | reserved | completed | void
    payment_status: str | None = None
    fulfillment_status: str | None = None
    order_date: OptionalUtcDateTime = None
    closed_date: OptionalUtcDateTime = None
    modified_date: OptionalUtcDateTime = None
    cancel_date: OptionalUtcDateTime = None
    cancel_reason: str | None = None
    outlet_id: str
    outlet_code: str | None = None
    outlet_name: str | None = None
    register_id: str | None = None
    register_name: str | None = None
    register_shift_id: str | None = None  # [P] not on iSeller orders; the simulator sends it
    external_customer_id: str | None = None
    customer_id: str | None = None
    customer_first_name: str | None = None
    customer_last_name: str | None = None
    customer_phone_number: str | None = None
    customer_email: str | None = None
    customer: CustomerInfo | None = None  # [P]
    cashier_id: str | None = None
    currency: str = "IDR"
    tax_inclusive: Flag = False
    total_order_amount: Amount = ZERO
    discount_percentage: OptionalAmount = None
    total_discount_amount: Amount = ZERO  # line + order-level discounts
    total_promotion_amount: Amount = ZERO  # line + order-level promotions
    subtotal: Amount = ZERO
    total_additional_order_amount: Amount = ZERO
    total_additional_subtotal_amount: Amount = ZERO
    total_additional_final_amount: Amount = ZERO
    total_shipping_amount: Amount = ZERO
    total_tax_amount: Amount = ZERO
    rounding_amount: Amount = ZERO
    total_amount: Amount
    on_account: Flag = False
    remaining_on_account: Amount = ZERO
    order_details: list[OrderDetail] = Field(default_factory=list)
    promotions: list[Promotion] = Field(default_factory=list)
    discounts: list[Discount] = Field(default_factory=list)
    transactions: list[Transaction] = Field(default_factory=list)
    refunded_orders: list[RefundedOrder] = Field(default_factory=list)

    @property
    def is_completed(self) -> bool:
        return self.status.lower() == "completed"

    @property
    def order_level_discount(self) -> Amount:
        """Discounts and promotions on the whole order: header totals minus the lines' own."""
        lines = sum((d.discount_amount + d.promotion_amount for d in self.order_details), ZERO)
        return self.total_discount_amount + self.total_promotion_amount - lines

    def expected_total(self) -> Amount:
        """total_amount as recomputed from the lines (compare with `total_amount` before posting)."""
        goods = sum((d.net_amount for d in self.order_details), ZERO)
        charges = (
            self.total_additional_order_amount
            + self.total_additional_subtotal_amount
            + self.total_additional_final_amount
        )
        tax = ZERO if self.tax_inclusive else self.total_tax_amount
        return (
            goods
            - self.order_level_discount
            + charges
            + self.total_shipping_amount
            + tax
            + self.rounding_amount
        )
