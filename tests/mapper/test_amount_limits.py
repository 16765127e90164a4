"""Finding 9: amounts Accurate would refuse are parked at the mapper with a readable reason."""

from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.mapper.domain.amounts import amount_problem
from jembatan.mapper.service_layer.handlers import map_event
from jembatan.platform.outbox import OutboxMessage
from sqlmodel import select

LINE = {"line_id": "l1", "product_id": "p1", "sku": "KOPI-L", "name": "Kopi Susu L", "quantity": "2",
        "unit_price": "25000", "discount_amount": "5000"}  # fmt: skip


def line(**overrides):
    return LINE | overrides


@pytest.mark.parametrize(
    ("field", "value"),
    [("unit_price", "1e309"), ("unit_price", "1000000000000"), ("quantity", "-1000000000000")],
)
def test_an_amount_beyond_accurates_largest_number_is_a_problem(make_order, field, value):
    problem = amount_problem(make_order(lines=[line(**{field: value})]))
    assert problem is not None
    assert f"lines[0].{field}" in problem and "999,999,999,999" in problem


def test_an_amount_with_more_than_six_decimals_is_a_problem(make_order):
    problem = amount_problem(make_order(total_amount="51500.000000000000000000000001"))
    assert problem is not None and "total_amount" in problem and "6 decimals" in problem


def test_trailing_zeros_beyond_six_decimals_are_not_a_problem(make_order):
    assert amount_problem(make_order(total_amount="51500.0000000000")) is None


def test_amounts_at_accurates_limits_are_not_a_problem(make_order):
    order = make_order(lines=[line(unit_price="999999999999", discount_amount="0.000001")])
    assert amount_problem(order) is None


def envelope(payload):
    return Envelope(
        id=stable_id("order", payload["order_id"]), type="pos.order_completed", tenant_id="t1",
        outlet_id="outlet-ho", occurred_at=datetime.now(UTC), correlation_id="c",
        schema="pos.order_completed/1", payload=payload,
    )  # fmt: skip


async def parked_reasons(db):
    from jembatan.mapper.adapters.tables import ParkedEvent

    async with db.session() as session:
        return [p.reason for p in (await session.exec(select(ParkedEvent))).all()]


async def outbox(db):
    async with db.session() as session:
        return (await session.exec(select(OutboxMessage))).all()


@pytest.mark.integration
async def test_the_same_event_with_amounts_accurate_accepts_becomes_a_fact(mapper_db, make_order):
    payload = make_order().model_dump(mode="json") | {"lines": [line(unit_price="25000.5")], "payments": []}
    async with mapper_db.session() as session:
        made = await map_event(session, envelope(payload))
    assert made is True and len(await outbox(mapper_db)) == 1, await parked_reasons(mapper_db)


@pytest.mark.integration
@pytest.mark.parametrize("value", ["1e309", "0.12345678", "NaN", "Infinity", "1" * 40])
async def test_an_event_with_an_amount_accurate_refuses_is_parked_with_the_reason_and_not_forwarded(
    mapper_db, make_order, value
):
    payload = make_order().model_dump(mode="json") | {"lines": [line(unit_price=value)], "payments": []}
    async with mapper_db.session() as session:
        made = await map_event(session, envelope(payload))
    [reason] = await parked_reasons(mapper_db)
    assert made is False and await outbox(mapper_db) == []
    assert "unit_price" in reason
