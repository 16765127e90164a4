"""The webhook route over real HTTP against real PostgreSQL: authenticate, store once, park."""

from datetime import UTC, datetime, timedelta

import pytest
from ingest_support import API_KEY, order, read_events
from jembatan.contracts.iseller.signature import format_timestamp, sign
from jembatan.ingest.domain import intake
from jembatan.ingest.service_layer import replay as replay_module

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def ingest(postgres_url, kafka_bootstrap, unique_name):
    from ingest_support import make_ingest_factory

    async with make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)() as running:
        yield running


@pytest.fixture
async def tenant(ingest, unique_name):
    name = unique_name("tenant")
    await ingest.add_tenant(name)
    return name


async def inbox(ingest, tenant, status=None):
    query = f"?status={status}" if status else ""
    return await ingest.get(f"/admin/tenants/{tenant}/inbox{query}")


async def test_a_correctly_signed_delivery_is_accepted_and_stored(ingest, tenant):
    answer = await ingest.webhook(tenant, "order", order("o-good"))
    assert answer.status_code == 202
    assert answer.json() == {"status": "accepted", "dedupe_key": "order:o-good:completed"}
    [entry] = await inbox(ingest, tenant)
    assert (entry["status"], entry["events"], entry["source"]) == ("accepted", 1, "webhook")


def _signed(body: bytes, key: str = API_KEY, moment: datetime | None = None) -> tuple[str, str]:
    stamp = format_timestamp(moment or datetime.now(UTC))
    return stamp, sign(key, body, stamp)


BODY = b'{"order_id": "o-1", "status": "completed", "outlet_id": "x", "total_amount": 1}'


@pytest.mark.parametrize(
    "vector",
    ["tampered_body", "tampered_timestamp", "stale", "wrong_key", "garbage_signature", "bad_timestamp"],
)
async def test_an_unauthentic_delivery_is_refused_with_401_and_nothing_is_stored(ingest, tenant, vector):
    stamp, signature = _signed(BODY)
    body = BODY
    if vector == "tampered_body":
        body = BODY.replace(b'"total_amount": 1', b'"total_amount": 9')
    elif vector == "tampered_timestamp":
        stamp = format_timestamp(datetime.now(UTC) - timedelta(seconds=1))
    elif vector == "stale":
        stamp, signature = _signed(BODY, moment=datetime.now(UTC) - timedelta(minutes=6))
    elif vector == "wrong_key":
        stamp, signature = _signed(BODY, key="someone-elses-key")
    elif vector == "garbage_signature":
        signature = "-"
    elif vector == "bad_timestamp":
        stamp, signature = "yesterday", sign(API_KEY, BODY, "yesterday")
    answer = await ingest.webhook(tenant, "order", body, timestamp=stamp, signature=signature)
    assert answer.status_code == 401
    assert await inbox(ingest, tenant) == []


async def test_a_delivery_for_an_unknown_tenant_is_refused_with_401(ingest, unique_name):
    answer = await ingest.webhook(unique_name("nobody"), "order", order("o-x"))
    assert answer.status_code == 401


async def test_a_body_over_the_limit_is_refused_with_413(ingest, tenant):
    big = order("o-big", notes="x" * (ingest.settings.max_body_bytes + 1))
    answer = await ingest.webhook(tenant, "order", big)
    assert answer.status_code == 413
    assert await inbox(ingest, tenant) == []


async def test_a_body_that_is_not_json_by_content_type_is_refused_with_415(ingest, tenant):
    answer = await ingest.webhook(tenant, "order", order("o-form"), content_type="text/plain")
    assert answer.status_code == 415


async def test_an_unknown_kind_is_refused_with_404(ingest, tenant):
    answer = await ingest.webhook(tenant, "lottery", order("o-lottery"))
    assert answer.status_code == 404


async def test_a_delivery_repeated_five_times_is_stored_once(ingest, tenant):
    answers = [await ingest.webhook(tenant, "order", order("o-repeat")) for _ in range(5)]
    assert [a.status_code for a in answers] == [202, 200, 200, 200, 200]
    assert [a.json()["status"] for a in answers] == ["accepted"] + ["duplicate"] * 4
    assert len(await inbox(ingest, tenant)) == 1


async def test_every_webhook_kind_is_routed(ingest, tenant):
    for kind in (
        "order",
        "refund",
        "register_shift",
        "transfer",
        "stock_adjustment",
        "stock_count",
        "payout",
        "member",
        "customer_payment",
    ):
        answer = await ingest.webhook(tenant, kind, b"{}")
        assert answer.status_code == 202, kind
        assert answer.json()["status"] == "parked", kind


async def test_the_admin_api_wants_the_bearer_token(ingest, tenant):
    answer = await ingest.http.get(f"/admin/tenants/{tenant}/inbox")
    assert answer.status_code == 401


def _upgraded_admit(kind: str, raw: bytes):
    """What a newer release would read: this one also understands `grand_total`."""
    return intake.admit(kind, raw.replace(b'"grand_total"', b'"total_amount"'))


async def test_an_unparseable_delivery_is_parked_then_relayed_after_a_replay(
    ingest, tenant, kafka_bootstrap, unique_name, monkeypatch
):
    body = order("o-new-shape")
    body["grand_total"] = body.pop("total_amount")
    answer = await ingest.webhook(tenant, "order", body)
    assert (answer.status_code, answer.json()["status"]) == (202, "parked")
    assert "total_amount" in answer.json()["reason"]
    [parked] = await ingest.get(f"/admin/tenants/{tenant}/parked")
    assert parked["events"] == 0

    monkeypatch.setattr(replay_module, "admit", _upgraded_admit)
    answer = await ingest.http.post(
        f"/admin/tenants/{tenant}/inbox/{parked['id']}/replay", headers=ingest.admin
    )
    assert answer.json()["status"] == "accepted"
    assert answer.json()["dedupe_key"] == "order:o-new-shape:completed"
    assert await ingest.get(f"/admin/tenants/{tenant}/parked") == []

    events = await read_events(kafka_bootstrap, unique_name("g"), tenant, lambda e: len(e) >= 1)
    assert [e.payload["order_id"] for e in events] == ["o-new-shape"]


async def test_parked_deliveries_of_a_date_range_are_replayed_together(ingest, tenant, monkeypatch):
    for n in range(3):
        body = order(f"o-range-{n}")
        body["grand_total"] = body.pop("total_amount")
        await ingest.webhook(tenant, "order", body)
    monkeypatch.setattr(replay_module, "admit", _upgraded_admit)
    now = datetime.now(UTC)
    answer = await ingest.http.post(
        f"/admin/tenants/{tenant}/replay",
        json={"received_from": (now - timedelta(hours=1)).isoformat(), "received_to": now.isoformat()},
        headers=ingest.admin,
    )
    assert answer.json() == {"replayed": 3, "accepted": 3, "still_parked": 0}
    assert len(await inbox(ingest, tenant, "accepted")) == 3
