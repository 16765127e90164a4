"""[P] A register shift close (reference §5.3). GetRegisterShifts has only ids and dates;
the counts and totals here follow Square's CashDrawerShift and Loyverse's shift naming."""

from __future__ import annotations

from pydantic import Field

from .base import ZERO, Amount, IsellerModel, OptionalAmount, UtcDateTime


class ShiftPayment(IsellerModel):
    gateway: str = ""
    payment_type_name: str = ""
    amount: Amount
    mdr_fee: Amount = ZERO


class ShiftTotals(IsellerModel):
    gross: Amount = ZERO
    discounts: Amount = ZERO
    promotions: Amount = ZERO
    additional_charges: Amount = ZERO
    tax: Amount = ZERO
    rounding: Amount = ZERO
    refunds: Amount = ZERO
    net: Amount = ZERO


class RegisterShift(IsellerModel):
    """A closed register shift: `payments` are the sale payments of the shift's orders."""

    register_shift_id: str
    register_id: str
    register_name: str = ""
    outlet_id: str
    outlet_code: str | None = None
    open_date: UtcDateTime
    closed_date: UtcDateTime
    opened_by: str | None = None
    closed_by: str | None = None
    order_count: int = 0
    refund_count: int = 0
    opening_cash: OptionalAmount = None
    cash_sales: Amount = ZERO
    cash_refunds: Amount = ZERO
    pay_in: Amount = ZERO
    pay_out: Amount = ZERO
    expected_cash: OptionalAmount = None
    counted_cash: OptionalAmount = None
    cash_difference: OptionalAmount = None
    totals: ShiftTotals = Field(default_factory=ShiftTotals)
    total_sales: Amount = ZERO  # Σ total_amount of the shift's completed orders
    on_account_amount: Amount = ZERO  # Σ remaining_on_account of those orders
    payments: list[ShiftPayment] = Field(default_factory=list)
    refund_payments: list[ShiftPayment] = Field(default_factory=list)
    customer_payments: list[ShiftPayment] = Field(default_factory=list)
    order_ids: list[str] = Field(default_factory=list)
    refund_ids: list[str] = Field(default_factory=list)
    on_account_order_ids: list[str] = Field(default_factory=list)
    customer_payment_ids: list[str] = Field(default_factory=list)
