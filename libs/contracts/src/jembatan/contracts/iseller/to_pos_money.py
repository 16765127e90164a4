"""Money-side iSeller payloads → canonical POS events: shifts, payouts, members, settlements. Pure."""

from __future__ import annotations

from .. import pos
from .base import ZERO
from .money_movements import CustomerPayment, Member, Payout
from .shift import RegisterShift, ShiftPayment


def _blank_to_none(text: str | None) -> str | None:
    return (text or "").strip() or None


def _totals(payments: list[ShiftPayment]) -> list[pos.PaymentTotal]:
    return [
        pos.PaymentTotal(
            gateway=p.gateway,
            payment_type_name=p.payment_type_name or p.gateway,
            amount=p.amount,
            mdr_fee=p.mdr_fee,
        )
        for p in payments
    ]


def shift_closed(shift: RegisterShift) -> pos.RegisterShiftClosed:
    """A closed register shift as `pos.register_shift_closed/1`."""
    order_count = shift.order_count or len(shift.order_ids)
    return pos.RegisterShiftClosed(
        register_shift_id=shift.register_shift_id,
        register_id=shift.register_id,
        register_name=shift.register_name,
        outlet_id=shift.outlet_id,
        outlet_code=shift.outlet_code,
        opened_at=shift.open_date,
        closed_at=shift.closed_date,
        order_count=order_count,
        refund_count=shift.refund_count or len(shift.refund_ids),
        payments=_totals(shift.payments),
        total_sales=shift.total_sales,
        total_refunds=shift.totals.refunds or sum((p.amount for p in shift.refund_payments), ZERO),
        order_ids=shift.order_ids,
        refund_ids=shift.refund_ids,
        refund_payments=_totals(shift.refund_payments),
        on_account_amount=shift.on_account_amount,
        on_account_order_ids=shift.on_account_order_ids,
        customer_payments=_totals(shift.customer_payments),
        customer_payment_ids=shift.customer_payment_ids,
        expected_cash=shift.expected_cash,
        counted_cash=shift.counted_cash,
    )


def payout_settled(payout: Payout) -> pos.PayoutSettled:
    """A completed iSeller Pay payout as `pos.payout_settled/1`."""
    return pos.PayoutSettled(
        payout_id=payout.payout_id,
        reference_id=payout.reference_id or payout.payout_id,
        interval=payout.interval,
        payout_date=payout.payout_date,
        outlet_id=payout.outlet_id,
        transactions_amount=payout.transactions_amount,
        total_fees=payout.total_fees,
        payout_fee=payout.payout_fee,
        total_deposit=payout.total_deposit,
        entries=[
            pos.PayoutEntry(
                transaction_id=e.transaction_id,
                order_id=e.order_id,
                order_reference=e.order_reference,
                outlet_id=e.outlet_id,
                gross_amount=e.gross_amount,
                fee_amount=e.fee_amount,
                net_amount=e.net_amount,
            )
            for e in payout.entries
        ],
    )


def customer_upserted(member: Member) -> pos.CustomerUpserted:
    """A member created or edited as `pos.customer_upserted/1`."""
    updated_at = member.modified_date or member.created_date
    if updated_at is None:
        raise ValueError(f"member {member.customer_id}: neither modified_date nor created_date")
    return pos.CustomerUpserted(
        customer_id=member.customer_id,
        external_customer_id=_blank_to_none(member.external_customer_id),
        name=member.name or member.customer_id,
        phone=_blank_to_none(member.phone_number),
        email=_blank_to_none(member.email),
        updated_at=updated_at,
    )


def customer_payment_received(settlement: CustomerPayment) -> pos.CustomerPaymentReceived:
    """An on-account settlement as `pos.customer_payment_received/1`."""
    return pos.CustomerPaymentReceived(
        payment_id=settlement.settlement_id,
        customer_id=settlement.customer_id,
        outlet_id=settlement.outlet_id,
        register_id=settlement.register_id,
        register_shift_id=settlement.register_shift_id,
        received_at=settlement.settled_at,
        amount=settlement.amount,
        payments=[
            pos.Payment(
                transaction_id=t.transaction_id or f"{settlement.settlement_id}:{i}",
                gateway=t.gateway,
                payment_type_name=t.payment_type_name or t.gateway,
                amount=t.amount,
            )
            for i, t in enumerate(settlement.transactions)
        ],
        allocations=[
            pos.Allocation(order_id=a.order_id, order_reference=a.order_reference, amount=a.amount)
            for a in settlement.allocations
        ],
    )
