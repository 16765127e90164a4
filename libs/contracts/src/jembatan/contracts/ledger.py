"""Ledger facts of `ledger.facts.v1`, first versions: POS events enriched with Accurate references.

The mapper produces them; the poster turns them into Accurate documents. Each fact carries the
outlet's mapping as it was when the fact was made, so a later mapping change never rewrites history.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .money import ZERO, Money, Quantity
from .pos import (
    CustomerPaymentReceived,
    CustomerUpserted,
    OrderCompleted,
    OrderRefunded,
    PayoutSettled,
    RegisterShiftClosed,
    StockAdjusted,
    StockCounted,
    TransferReceived,
    TransferStarted,
)


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SyncMode(StrEnum):
    REAL_TIME = "real_time"
    SHIFT_CLOSE = "shift_close"
    SCHEDULED = "scheduled"


class TaxSettings(Fact):
    charges_ppn: bool = False
    prices_include_tax: bool = False
    tax_code: str | None = None
    # Rate of `tax_code` in percent as Accurate applies it (11: PPN 11 %, or PPN 12 % on the 11/12 DPP).
    tax_rate: Money = Decimal(11)


class OutletSnapshot(Fact):
    """The outlet's mapping (ACCOUNTING.md §1) at the moment the fact was made."""

    outlet_id: str
    outlet_code: str
    branch_name: str
    warehouse_name: str
    walk_in_customer_no: str
    sync_mode: SyncMode = SyncMode.REAL_TIME
    scheduled_hours: list[int] = Field(default_factory=list)
    transfer_sync: SyncMode = SyncMode.REAL_TIME
    tax: TaxSettings = TaxSettings()
    iseller_pay_clearing_account: str | None = None
    mdr_fee_account: str | None = None
    payout_account: str | None = None
    bank_adjustment_account: str | None = None
    service_charge_account: str | None = None
    shipping_account: str | None = None
    rounding_account: str | None = None
    stock_adjustment_account: str | None = None
    stock_count_account: str | None = None
    damaged_goods_account: str | None = None
    # PPN iSeller collected on a tax-exclusive outlet whose PPN Accurate does not compute
    # (`tax.charges_ppn` off): booked as a liability line instead of vanishing into receivables.
    output_tax_account: str | None = None
    # The customers' receivable account: money refunded at the till is debited to it (the walk-in
    # customer's receivable then nets to zero) — ACCOUNTING.md §3 "never a negative receipt".
    receivable_account: str | None = None
    # The sales (revenue) account the outlet's goods credit in Accurate (the items' sales account).
    # Where Accurate's PPN on tax-inclusive prices differs from the till's by a few rupiah, an
    # explicit "PPN rounding" line moves the difference between output tax and revenue on it.
    sales_account: str | None = None


class PostingLine(Fact):
    """One goods line as Accurate will see it: an item number, never an iSeller product id."""

    source_line_id: str
    item_no: str
    quantity: Quantity
    unit_price: Money
    discount_amount: Money = ZERO
    tax_amount: Money = ZERO


class PostingPayment(Fact):
    """A payment with the cash/bank account it lands in (iSeller Pay → the clearing account)."""

    transaction_id: str
    account_no: str
    gateway: str
    payment_type_name: str
    amount: Money
    mdr_fee: Money = ZERO


class SaleFact(Fact):
    order: OrderCompleted
    outlet: OutletSnapshot
    customer_no: str
    on_account: bool = False
    lines: list[PostingLine]
    payments: list[PostingPayment]


class RefundFact(Fact):
    refund: OrderRefunded
    outlet: OutletSnapshot
    customer_no: str
    lines: list[PostingLine]
    payments: list[PostingPayment]


class ShiftClosedFact(Fact):
    shift: RegisterShiftClosed
    outlet: OutletSnapshot


class ItemRef(Fact):
    sku: str
    item_no: str


class TransferStartedFact(Fact):
    transfer: TransferStarted
    from_outlet: OutletSnapshot
    to_outlet: OutletSnapshot
    items: list[ItemRef]


class TransferReceivedFact(Fact):
    transfer: TransferReceived
    from_outlet: OutletSnapshot
    to_outlet: OutletSnapshot
    items: list[ItemRef]


class StockAdjustedFact(Fact):
    adjustment: StockAdjusted
    outlet: OutletSnapshot
    items: list[ItemRef]


class StockCountedFact(Fact):
    count: StockCounted
    outlet: OutletSnapshot
    items: list[ItemRef]


class PayoutFact(Fact):
    payout: PayoutSettled
    outlet: OutletSnapshot


class CustomerFact(Fact):
    customer: CustomerUpserted
    customer_no: str


class CustomerPaymentFact(Fact):
    payment: CustomerPaymentReceived
    outlet: OutletSnapshot
    customer_no: str
    payments: list[PostingPayment]


LEDGER_SCHEMAS: dict[str, type[Fact]] = {
    "ledger.sale/1": SaleFact,
    "ledger.refund/1": RefundFact,
    "ledger.shift_closed/1": ShiftClosedFact,
    "ledger.transfer_started/1": TransferStartedFact,
    "ledger.transfer_received/1": TransferReceivedFact,
    "ledger.stock_adjusted/1": StockAdjustedFact,
    "ledger.stock_counted/1": StockCountedFact,
    "ledger.payout/1": PayoutFact,
    "ledger.customer/1": CustomerFact,
    "ledger.customer_payment/1": CustomerPaymentFact,
}
