"""Builders of the non-sales facts for the recipe tests (payments, payouts, stock)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from jembatan.contracts.ledger import (
    CustomerPaymentFact,
    ItemRef,
    PayoutFact,
    PostingPayment,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)
from jembatan.contracts.pos import (
    AdjustmentLine,
    Allocation,
    CountLine,
    CustomerPaymentReceived,
    Payment,
    PayoutEntry,
    PayoutSettled,
    ReceivedLine,
    StockAdjusted,
    StockCounted,
    TransferLine,
    TransferReceived,
    TransferStarted,
)

from .facts import CARD, NOON, outlet

D = Decimal
ITEMS = [ItemRef(sku="KOPI", item_no="KOPI"), ItemRef(sku="ROTI", item_no="ROTI-01")]
KG = outlet().model_copy(update={"outlet_id": "outlet-kg", "outlet_code": "KG", "warehouse_name": "Cabang"})


def payment(allocations: list[tuple[str, int]], paid: list[int]) -> CustomerPaymentFact:
    event = CustomerPaymentReceived(
        payment_id="pay-1", customer_id="cus-9", outlet_id="outlet-ho", received_at=NOON, amount=D(sum(paid)),
        payments=[Payment(transaction_id=f"x{n}", gateway="external_debit", payment_type_name="Debit", amount=D(a))
                  for n, a in enumerate(paid)],
        allocations=[Allocation(order_id=o, order_reference=f"#{o}", amount=D(a)) for o, a in allocations],
    )  # fmt: skip
    return CustomerPaymentFact(
        payment=event, outlet=outlet(), customer_no="M-1",
        payments=[PostingPayment(transaction_id=p.transaction_id, account_no=CARD, gateway=p.gateway,
                                 payment_type_name=p.payment_type_name, amount=p.amount) for p in event.payments],
    )  # fmt: skip


def payout(**overrides: Any) -> PayoutFact:
    """G 1,800,000 = N 1,784,400 + MDR 12,600 + express fee 3,000."""
    values = {"payout_id": "po-1", "reference_id": "PO-240702-01", "interval": "express",
              "payout_date": date(2026, 11, 27), "transactions_amount": D(1800000), "total_fees": D(12600),
              "payout_fee": D(3000), "total_deposit": D(1784400),
              "entries": [PayoutEntry(transaction_id="t", order_reference="#A", gross_amount=D(1800000),
                                      fee_amount=D(12600), net_amount=D(1787400))]}  # fmt: skip
    return PayoutFact(payout=PayoutSettled(**(values | overrides)), outlet=outlet())


def started() -> TransferStartedFact:
    """5 Kopi from HO to KG."""
    return TransferStartedFact(from_outlet=outlet(), to_outlet=KG, items=ITEMS, transfer=TransferStarted(
        transfer_id="tr-1", transfer_reference="TO-42", from_outlet_id="outlet-ho", to_outlet_id="outlet-kg",
        started_at=NOON, lines=[TransferLine(sku="KOPI", quantity=D(5))]))  # fmt: skip


def received() -> TransferReceivedFact:
    """Of the 5 Kopi: 3 accepted, 1 cancelled, 1 rejected (damaged)."""
    return TransferReceivedFact(from_outlet=outlet(), to_outlet=KG, items=ITEMS, transfer=TransferReceived(
        transfer_id="tr-1", transfer_reference="TO-42", from_outlet_id="outlet-ho", to_outlet_id="outlet-kg",
        received_at=datetime(2026, 11, 26, 5, tzinfo=UTC),
        lines=[ReceivedLine(sku="KOPI", quantity_sent=D(5), quantity_accepted=D(3), quantity_cancelled=D(1),
                            quantity_rejected=D(1))]))  # fmt: skip


def adjustment() -> StockAdjustedFact:
    """3 Roti found at 6,000 each, 2 Kopi lost."""
    return StockAdjustedFact(outlet=outlet(), items=ITEMS, adjustment=StockAdjusted(
        adjustment_id="adj-1", adjustment_reference="ADJ-7", outlet_id="outlet-ho", adjusted_at=NOON,
        lines=[AdjustmentLine(sku="ROTI", quantity_delta=D(3), unit_cost=D(6000)),
               AdjustmentLine(sku="KOPI", quantity_delta=D(-2), unit_cost=D(8000))]))  # fmt: skip


def count() -> StockCountedFact:
    """Roti: 40 on the books, 37 counted; Kopi as booked."""
    return StockCountedFact(outlet=outlet(), items=ITEMS, count=StockCounted(
        stock_count_id="sc-1", reference="SO-11", outlet_id="outlet-ho", counted_at=NOON,
        lines=[CountLine(sku="ROTI", system_quantity=D(40), counted_quantity=D(37)),
               CountLine(sku="KOPI", system_quantity=D(10), counted_quantity=D(10))]))  # fmt: skip
