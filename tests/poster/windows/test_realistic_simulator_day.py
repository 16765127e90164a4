"""A simulator day in the realistic form (no shift ids, no shift webhook; shifts as
GetRegisterShifts gives them) lands each completed order in the window of its real shift."""

from dataclasses import replace
from datetime import date, datetime, timedelta

from jembatan.contracts.iseller import parse, to_canonical
from jembatan.contracts.ledger import PostingLine, PostingPayment, SaleFact, ShiftClosedFact, SyncMode
from jembatan.contracts.pos import OrderCompleted, RegisterShiftClosed
from jembatan.sandbox.iseller import StoreDay, generate_day
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.store import Shift
from jembatan.sandbox.iseller.wire import dumps
from window_db import sweep, take, window_of, windows
from window_facts import outlet

DAY = date(2026, 11, 25)


def sale_fact(order: OrderCompleted) -> SaleFact:
    shop = outlet(
        SyncMode.SHIFT_CLOSE,
        outlet_id=order.outlet_id,
        outlet_code=order.outlet_code or "X",
        shipping_account="4-2100",
        output_tax_account="2-1300",
    )
    lines = [
        PostingLine(
            source_line_id=ln.line_id, item_no=ln.sku or "X", quantity=ln.quantity, unit_price=ln.unit_price
        )
        for ln in order.lines
    ]
    payments = [
        PostingPayment(
            transaction_id=p.transaction_id,
            account_no="1-1110",
            gateway=p.gateway,
            payment_type_name=p.payment_type_name,
            amount=p.amount,
        )
        for p in order.payments
    ]
    return SaleFact(
        order=order, outlet=shop, customer_no=shop.walk_in_customer_no, lines=lines, payments=payments
    )


def pulled_close(shift: Shift) -> ShiftClosedFact:
    """What ingest can make of one GetRegisterShifts row: ids and times, nothing to count."""
    close = RegisterShiftClosed(
        register_shift_id=shift.register_shift_id,
        register_id=shift.register_id,
        outlet_id=shift.outlet.outlet_id,
        opened_at=shift.open_date,
        closed_at=shift.closed_date,
        order_count=0,
    )
    return ShiftClosedFact(shift=close, outlet=outlet(SyncMode.SHIFT_CLOSE, outlet_id=shift.outlet.outlet_id))


def completed_orders(day: StoreDay) -> list[tuple[datetime, OrderCompleted]]:
    found = []
    for delivery in day.deliveries:
        for _, event in to_canonical(delivery.kind, parse(delivery.kind, dumps(delivery.payload))):
            if isinstance(event, OrderCompleted):
                found.append((delivery.at, event))
    return found


async def test_every_completed_order_lands_in_its_real_shift(db):
    simulated = generate_day(7, DAY)
    realistic = generate_day(7, DAY, replace(DEMO, realistic_shifts=True))
    true_shift = {oid: o.get("register_shift_id") for oid, o in simulated.orders.items()}
    arrivals: list[tuple[datetime, SaleFact | ShiftClosedFact]] = [
        (at, sale_fact(order)) for at, order in completed_orders(realistic)
    ]
    arrivals += [(s.closed_date + timedelta(minutes=5), pulled_close(s)) for s in realistic.shifts]
    assert all(fact.order.register_shift_id is None for _, fact in arrivals if isinstance(fact, SaleFact))

    for _, fact in sorted(arrivals, key=lambda pair: pair[0]):
        await take(db, fact)
    for _ in ("pull", "post"):
        dues = [w.due_at for w in (await windows(db)).values() if w.due_at]
        await sweep(db, max(dues) + timedelta(minutes=11))

    placed = await window_of(db)
    orders = {key.removeprefix("order:"): w for key, w in placed.items() if key.startswith("order:")}
    assert orders and orders == {oid: f"shift:{true_shift[oid]}" for oid in orders}
    assert {w.state for w in (await windows(db)).values()} == {"planned"}
