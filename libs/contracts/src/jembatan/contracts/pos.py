"""Canonical POS events of `pos.events.v1`, first versions (DESIGN.md §2).

Every event keeps the iSeller identifiers it came from. Amounts are rupiah as `Decimal`;
timestamps are aware UTC. Field names follow iSeller's GetOrders vocabulary where it exists.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .money import ZERO, Money, Quantity


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProductKind(StrEnum):
    STANDARD = "standard"
    VARIANT = "variant"
    COMPOSITE = "composite"
    COMBOSET = "comboset"
    MODIFIER = "modifier"


class Component(Event):
    """An ingredient of a composite or a slot of a comboset, per one unit of its line."""

    product_id: str | None = None
    sku: str | None = None
    name: str = ""
    quantity: Quantity


class OrderLine(Event):
    line_id: str
    product_id: str
    sku: str | None = None
    name: str
    kind: ProductKind = ProductKind.STANDARD
    parent_line_id: str | None = None
    quantity: Quantity
    unit_price: Money
    discount_amount: Money = ZERO  # line discounts and promotions, for the whole line
    taxable: bool = True
    tax_amount: Money = ZERO
    track_inventory: bool = True
    components: list[Component] = Field(default_factory=list)


class Payment(Event):
    transaction_id: str
    gateway: str  # cash, external_debit, external_credit, iseller_pay, gift_card, store_credit, custom…
    payment_type_name: str
    amount: Money
    mdr_fee: Money = ZERO  # iSeller Pay only


class CustomerRef(Event):
    customer_id: str
    external_customer_id: str | None = None
    name: str = ""
    phone: str | None = None
    email: str | None = None


class OrderCompleted(Event):
    order_id: str
    order_reference: str
    channel: str = "pos"
    outlet_id: str
    outlet_code: str | None = None
    register_id: str | None = None
    register_shift_id: str | None = None
    closed_at: datetime
    customer: CustomerRef | None = None
    tax_inclusive: bool = False
    lines: list[OrderLine]
    order_discount_amount: Money = ZERO
    additional_order_amount: Money = ZERO
    additional_subtotal_amount: Money = ZERO
    additional_final_amount: Money = ZERO
    shipping_amount: Money = ZERO
    tax_amount: Money = ZERO
    rounding_amount: Money = ZERO
    total_amount: Money
    payments: list[Payment] = Field(default_factory=list)
    on_account_amount: Money = ZERO  # iSeller's remaining_on_account: what the member still owes


class RefundLine(Event):
    line_id: str | None = None
    product_id: str | None = None
    sku: str | None = None
    quantity: Quantity
    amount: Money  # goods value refunded before tax, after discounts
    discount_amount: Money = ZERO
    tax_amount: Money = ZERO
    restock: bool = True


class OrderRefunded(Event):
    refund_id: str
    order_id: str
    order_reference: str
    outlet_id: str
    outlet_code: str | None = None
    register_id: str | None = None
    register_shift_id: str | None = None
    refunded_at: datetime
    customer: CustomerRef | None = None
    tax_inclusive: bool = False
    lines: list[RefundLine]
    additional_charges_refunded: Money = ZERO
    rounding_amount: Money = ZERO
    refund_amount: Money
    payments: list[Payment] = Field(default_factory=list)
    reason: str = ""


class PaymentTotal(Event):
    gateway: str
    payment_type_name: str
    amount: Money
    mdr_fee: Money = ZERO


class RegisterShiftClosed(Event):
    register_shift_id: str
    register_id: str
    register_name: str = ""
    outlet_id: str
    opened_at: datetime
    closed_at: datetime
    order_count: int
    refund_count: int = 0
    payments: list[PaymentTotal] = Field(default_factory=list)
    total_sales: Money = ZERO
    total_refunds: Money = ZERO
    order_ids: list[str] = Field(default_factory=list)
    refund_ids: list[str] = Field(default_factory=list)
    outlet_code: str | None = None
    refund_payments: list[PaymentTotal] = Field(default_factory=list)  # money back, per payment type
    on_account_amount: Money = ZERO  # what the shift's member orders left owing
    on_account_order_ids: list[str] = Field(default_factory=list)
    customer_payments: list[PaymentTotal] = Field(default_factory=list)  # on-account settlements taken
    customer_payment_ids: list[str] = Field(default_factory=list)
    expected_cash: Money | None = None
    counted_cash: Money | None = None


class TransferLine(Event):
    sku: str
    product_id: str | None = None
    quantity: Quantity
    unit_cost: Money | None = None


class TransferStarted(Event):
    transfer_id: str
    transfer_reference: str
    from_outlet_id: str
    to_outlet_id: str
    started_at: datetime
    lines: list[TransferLine]


class ReceivedLine(Event):
    sku: str
    product_id: str | None = None
    quantity_sent: Quantity
    quantity_accepted: Quantity = ZERO
    quantity_cancelled: Quantity = ZERO
    quantity_rejected: Quantity = ZERO


class TransferReceived(Event):
    transfer_id: str
    transfer_reference: str
    from_outlet_id: str
    to_outlet_id: str
    received_at: datetime
    lines: list[ReceivedLine]


class AdjustmentLine(Event):
    sku: str
    product_id: str | None = None
    quantity_delta: Quantity
    unit_cost: Money | None = None


class StockAdjusted(Event):
    adjustment_id: str
    adjustment_reference: str
    outlet_id: str
    adjusted_at: datetime
    reason: str = "correction"  # damaged | lost | found | correction | consumption
    lines: list[AdjustmentLine]


class CountLine(Event):
    sku: str
    product_id: str | None = None
    system_quantity: Quantity
    counted_quantity: Quantity
    unit_cost: Money | None = None


class StockCounted(Event):
    stock_count_id: str
    reference: str
    outlet_id: str
    counted_at: datetime
    lines: list[CountLine]


class PayoutEntry(Event):
    transaction_id: str
    order_id: str | None = None
    order_reference: str | None = None
    outlet_id: str | None = None
    gross_amount: Money
    fee_amount: Money
    net_amount: Money


class PayoutSettled(Event):
    payout_id: str
    reference_id: str
    interval: str = "regular"  # regular | express
    payout_date: date
    outlet_id: str | None = None
    transactions_amount: Money  # G
    total_fees: Money  # F (MDR)
    payout_fee: Money = ZERO  # E (express fee)
    total_deposit: Money  # N = G - F - E
    entries: list[PayoutEntry] = Field(default_factory=list)


class CustomerUpserted(Event):
    customer_id: str
    external_customer_id: str | None = None
    name: str
    phone: str | None = None
    email: str | None = None
    updated_at: datetime


class Allocation(Event):
    order_id: str
    order_reference: str | None = None
    amount: Money


class CustomerPaymentReceived(Event):
    payment_id: str
    customer_id: str
    outlet_id: str
    register_id: str | None = None
    register_shift_id: str | None = None
    received_at: datetime
    amount: Money
    payments: list[Payment]
    allocations: list[Allocation]


# schema name -> model; the event type is the schema name without its version.
POS_SCHEMAS: dict[str, type[Event]] = {
    "pos.order_completed/1": OrderCompleted,
    "pos.order_refunded/1": OrderRefunded,
    "pos.register_shift_closed/1": RegisterShiftClosed,
    "pos.transfer_started/1": TransferStarted,
    "pos.transfer_received/1": TransferReceived,
    "pos.stock_adjusted/1": StockAdjusted,
    "pos.stock_counted/1": StockCounted,
    "pos.payout_settled/1": PayoutSettled,
    "pos.customer_upserted/1": CustomerUpserted,
    "pos.customer_payment_received/1": CustomerPaymentReceived,
}
