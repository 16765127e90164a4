"""Shift closes, payouts, customers and customer payments → ledger facts — pure."""

from __future__ import annotations

from jembatan.contracts.ledger import CustomerFact, CustomerPaymentFact, PayoutFact, ShiftClosedFact
from jembatan.contracts.pos import (
    CustomerPaymentReceived,
    CustomerUpserted,
    PayoutSettled,
    RegisterShiftClosed,
)

from .enrich import posting_payments
from .lookups import Lookups, member_number
from .outcome import Parked


def enrich_shift_closed(shift: RegisterShiftClosed, lookups: Lookups) -> ShiftClosedFact | Parked:
    outlet = lookups.outlet(shift.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    return ShiftClosedFact(shift=shift, outlet=outlet.snapshot)


def payout_outlet(payout: PayoutSettled) -> str | None:
    """The outlet a payout belongs to: its own, else the one all its entries share."""
    if payout.outlet_id:
        return payout.outlet_id
    outlets = {e.outlet_id for e in payout.entries if e.outlet_id}
    return outlets.pop() if len(outlets) == 1 else None


def enrich_payout(payout: PayoutSettled, lookups: Lookups) -> PayoutFact | Parked:
    """A payout with the outlet whose clearing, MDR fee, payout and adjustment accounts it uses."""
    outlet_id = payout_outlet(payout) or _shared_outlet(payout, lookups)
    if outlet_id is None:
        return Parked(f"payout {payout.reference_id} names no single outlet, and its outlets do not "
                      "share their clearing, MDR fee, payout and bank adjustment accounts")  # fmt: skip
    outlet = lookups.outlet(outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    snap = outlet.snapshot
    needed = {
        "iSeller Pay clearing": snap.iseller_pay_clearing_account,
        "MDR fee": snap.mdr_fee_account,
        "payout": snap.payout_account,
    }
    if payout.payout_fee > 0:
        needed["bank adjustment"] = snap.bank_adjustment_account
    missing = [name for name, account in needed.items() if not account]
    if missing:
        return Parked(f"outlet {outlet_id} has no {', '.join(missing)} account for payouts")
    return PayoutFact(payout=payout, outlet=snap)


def _shared_outlet(payout: PayoutSettled, lookups: Lookups) -> str | None:
    """A payout over several outlets (a regular payout covers the store): booked under the first
    of them when all post payouts to the same accounts, so the choice changes no balance."""
    outlet_ids = sorted({e.outlet_id for e in payout.entries if e.outlet_id})
    accounts = set()
    for outlet_id in outlet_ids:
        outlet = lookups.outlet(outlet_id)
        if isinstance(outlet, Parked):
            return None
        snap = outlet.snapshot
        accounts.add((snap.iseller_pay_clearing_account, snap.mdr_fee_account, snap.payout_account,
                      snap.bank_adjustment_account))  # fmt: skip
    return outlet_ids[0] if len(accounts) == 1 else None


def enrich_customer(customer: CustomerUpserted, lookups: Lookups) -> CustomerFact:
    """A member as the Accurate customer it becomes (never parked: no outlet or account needed)."""
    return CustomerFact(
        customer=customer,
        customer_no=member_number(customer.customer_id, customer.external_customer_id, lookups.tenant),
    )


def enrich_customer_payment(
    payment: CustomerPaymentReceived, lookups: Lookups
) -> CustomerPaymentFact | Parked:
    """An on-account settlement: the member, and the cash/bank accounts the money landed in."""
    outlet = lookups.outlet(payment.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    payments = posting_payments(payment.payments, outlet)
    if isinstance(payments, Parked):
        return payments
    customer_no = lookups.known_member_no(payment.customer_id)
    if isinstance(customer_no, Parked):
        return customer_no
    return CustomerPaymentFact(
        payment=payment, outlet=outlet.snapshot, customer_no=customer_no, payments=payments
    )
