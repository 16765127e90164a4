"""[P] iSeller Pay payouts, members and on-account settlements (reference §5.7, §5.8).

Payout names mirror iSeller's Payout Report (Transactions Amount, Total Fees, Total Deposit);
entries mirror Square's PayoutEntry. The Member webhook exists at iSeller but its body is not
published; the fields below use iSeller's customer vocabulary from GetOrders.
"""

from __future__ import annotations

from pydantic import Field

from .base import ZERO, Amount, Day, IsellerModel, OptionalUtcDateTime, UtcDateTime


class PayoutEntryItem(IsellerModel):
    transaction_id: str
    order_id: str | None = None
    order_reference: str | None = None
    outlet_id: str | None = None
    payment_type_name: str = ""
    transaction_date: OptionalUtcDateTime = None
    gross_amount: Amount
    fee_amount: Amount = ZERO
    net_amount: Amount


class Payout(IsellerModel):
    """G = transactions_amount, F = total_fees (MDR), E = payout_fee (express), N = total_deposit."""

    payout_id: str
    reference_id: str = ""
    status: str  # waiting_confirmation | in_process | completed | failed
    interval: str = "regular"  # regular | express
    payout_date: Day
    currency: str = "IDR"
    transactions_amount: Amount
    total_fees: Amount = ZERO
    payout_fee: Amount = ZERO
    total_deposit: Amount
    outlet_id: str | None = None  # set when iSeller Pay Enterprise pays per outlet
    entries: list[PayoutEntryItem] = Field(default_factory=list)


class Member(IsellerModel):
    """A customer (member) as created or edited in iSeller."""

    customer_id: str
    external_customer_id: str | None = None
    first_name: str = ""
    last_name: str = ""
    phone_number: str | None = None
    email: str | None = None
    created_date: OptionalUtcDateTime = None
    modified_date: OptionalUtcDateTime = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name.strip(), self.last_name.strip()) if p)


class SettlementPayment(IsellerModel):
    transaction_id: str | None = None
    gateway: str = ""
    payment_type_name: str = ""
    amount: Amount


class Allocation(IsellerModel):
    order_id: str
    order_reference: str | None = None
    amount: Amount
    remaining_on_account: Amount = ZERO


class CustomerPayment(IsellerModel):
    """A member paying off on-account (debt) orders."""

    settlement_id: str
    customer_id: str
    outlet_id: str
    register_id: str | None = None
    register_shift_id: str | None = None
    settled_at: UtcDateTime
    amount: Amount
    transactions: list[SettlementPayment] = Field(default_factory=list)
    allocations: list[Allocation] = Field(default_factory=list)
