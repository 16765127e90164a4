"""Facts for window tests: a consistent order (51,500: cash 20,000 + QRIS 31,500) at any instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import (
    CustomerFact,
    CustomerPaymentFact,
    Fact,
    ItemRef,
    OutletSnapshot,
    PayoutFact,
    PostingLine,
    PostingPayment,
    RefundFact,
    SaleFact,
    ShiftClosedFact,
    StockCountedFact,
    SyncMode,
    TransferStartedFact,
)
from jembatan.contracts.pos import (
    CustomerUpserted,
    OrderCompleted,
    PaymentTotal,
    RegisterShiftClosed,
    TransferLine,
    TransferStarted,
)

TENANT = "toko-1"
DAY = datetime(2026, 11, 25, tzinfo=UTC)  # 07:00 in Jakarta
ACCOUNTS = {"cash": "1-1110", "iseller_pay": "1-1150"}
SCHEMAS = {
    SaleFact: "ledger.sale/1",
    ShiftClosedFact: "ledger.shift_closed/1",
    TransferStartedFact: "ledger.transfer_started/1",
    CustomerFact: "ledger.customer/1",
    RefundFact: "ledger.refund/1",
    CustomerPaymentFact: "ledger.customer_payment/1",
    StockCountedFact: "ledger.stock_counted/1",
    PayoutFact: "ledger.payout/1",
}


def at(hours: float) -> datetime:
    """`hours` after 00:00 UTC (07:00 WIB) on the test day."""
    return DAY + timedelta(hours=hours)


def outlet(
    mode: SyncMode = SyncMode.REAL_TIME, hours: list[int] | None = None, **changes: Any
) -> OutletSnapshot:
    mapping: dict[str, Any] = {
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "branch_name": "Kantor Pusat",
        "warehouse_name": "Gudang HO",
        "walk_in_customer_no": "C-WALKIN-HO",
        "sync_mode": mode,
        "scheduled_hours": hours or [],
        "iseller_pay_clearing_account": "1-1150",
        "service_charge_account": "4-2000",
        "rounding_account": "7-1000",
    }
    return OutletSnapshot.model_validate(mapping | changes)


def sale(
    order_id: str,
    when: datetime,
    shop: OutletSnapshot,
    *,
    register: str = "reg-1",
    shift: str | None = None,
    cash: str = "20000",
    rounding: str = "0",
    customer_no: str | None = None,
) -> SaleFact:
    order = OrderCompleted.model_validate(
        {
            "order_id": order_id,
            "order_reference": f"#{order_id}",
            "outlet_id": shop.outlet_id,
            "register_id": register,
            "register_shift_id": shift,
            "closed_at": when.isoformat(),
            "lines": [
                {"line_id": "l1", "product_id": "p1", "sku": "KOPI", "name": "Kopi", "quantity": "1",
                 "unit_price": "31500"},
                {"line_id": "l2", "product_id": "p2", "sku": "ROTI", "name": "Roti", "quantity": "1",
                 "unit_price": cash},
            ],
            "rounding_amount": rounding,
            "total_amount": str(Decimal("31500") + Decimal(cash) + Decimal(rounding)),
            "payments": [
                {"transaction_id": f"{order_id}-c", "gateway": "cash", "payment_type_name": "Cash",
                 "amount": str(Decimal(cash) + Decimal(rounding))},
                {"transaction_id": f"{order_id}-q", "gateway": "iseller_pay", "payment_type_name": "QRIS",
                 "amount": "31500"},
            ],
        }
    )  # fmt: skip
    lines = [
        PostingLine(
            source_line_id=ln.line_id, item_no=ln.sku or "", quantity=ln.quantity, unit_price=ln.unit_price
        )
        for ln in order.lines
    ]
    payments = [
        PostingPayment(
            transaction_id=p.transaction_id,
            account_no=ACCOUNTS[p.gateway],
            gateway=p.gateway,
            payment_type_name=p.payment_type_name,
            amount=p.amount,
        )
        for p in order.payments
    ]
    return SaleFact(
        order=order,
        outlet=shop,
        customer_no=customer_no or shop.walk_in_customer_no,
        lines=lines,
        payments=payments,
    )


def shift_close(
    shift_id: str,
    opened: datetime,
    closed: datetime,
    shop: OutletSnapshot,
    *,
    register: str = "reg-1",
    order_ids: list[str] | None = None,
    cash: Decimal | None = None,
) -> ShiftClosedFact:
    """A shift close; with neither ids nor totals it is what iSeller's GetRegisterShifts gives."""
    ids = order_ids or []
    payments = [] if cash is None else [PaymentTotal(gateway="cash", payment_type_name="Cash", amount=cash)]
    shift = RegisterShiftClosed(
        register_shift_id=shift_id,
        register_id=register,
        outlet_id=shop.outlet_id,
        opened_at=opened,
        closed_at=closed,
        order_count=len(ids),
        order_ids=ids,
        payments=payments,
    )
    return ShiftClosedFact(shift=shift, outlet=shop)


def transfer_out(
    transfer_id: str, when: datetime, source: OutletSnapshot, to: OutletSnapshot
) -> TransferStartedFact:
    transfer = TransferStarted(
        transfer_id=transfer_id,
        transfer_reference=f"TF-{transfer_id}",
        from_outlet_id=source.outlet_id,
        to_outlet_id=to.outlet_id,
        started_at=when,
        lines=[TransferLine(sku="KOPI", quantity=Decimal(5))],
    )
    return TransferStartedFact(
        transfer=transfer, from_outlet=source, to_outlet=to, items=[ItemRef(sku="KOPI", item_no="KOPI")]
    )


def member(customer_id: str, when: datetime, customer_no: str) -> CustomerFact:
    customer = CustomerUpserted(customer_id=customer_id, name="Ibu Sari", updated_at=when)
    return CustomerFact(customer=customer, customer_no=customer_no)


def envelope(fact: Fact, *, tenant: str = TENANT, redelivery: int = 0) -> Envelope:
    schema = SCHEMAS[type(fact)]
    payload = fact.model_dump(mode="json")
    return Envelope(
        id=stable_id(schema, str(payload), str(redelivery)),
        type=schema.split("/")[0],
        tenant_id=tenant,
        occurred_at=DAY,
        correlation_id="test",
        schema_=schema,
        payload=payload,
    )
