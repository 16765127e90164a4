"""Findings 3, 4 and 6 at ingest's webhook edge (real HTTP, real PostgreSQL).

Every authentic delivery that cannot be read is stored raw and parked, whatever is in it; a body
that is not UTF-8 is refused (which defeats SHA-256 length extension of a captured delivery); a
malformed `Timestamp` is a 401.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from ingest_support import API_KEY, order
from jembatan.contracts.iseller.signature import format_timestamp, sign
from length_extension import extend
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def ingest(postgres_url, kafka_bootstrap, unique_name):
    from ingest_support import make_ingest_factory

    async with make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)() as running:
        yield running


@pytest.fixture
async def tenant(ingest, unique_name):
    name = unique_name("toko")
    await ingest.add_tenant(name)
    return name


async def inbox(ingest, tenant) -> list[dict]:
    return await ingest.get(f"/admin/tenants/{tenant}/inbox")


def nested(depth: int) -> bytes:
    return json.dumps(order("o-deep"))[:-1].encode() + b', "notes": ' + b"[" * depth + b"]" * depth + b"}"


UNREADABLE = {
    "deep nesting": nested(100_000),
    "deep nesting inside a kept extra field": nested(5_000),
    "date before the first UTC moment": json.dumps(
        order("o-early", closed_date="0001-01-01T00:00:00+07:00")
    ).encode(),
    "date after the last UTC moment": json.dumps(
        order("o-late", closed_date="9999-12-31T23:59:59-07:00")
    ).encode(),
    "over-long id": json.dumps(order("o" * 5000)).encode(),
    "NUL in the id": json.dumps(order("o-\u0000")).encode(),
    "lone surrogate in the id": b'{"order_id": "\\ud800", "status": "completed"}',
    "integer of 5,000 digits": json.dumps(order("o-digits"))[:-1].encode()
    + b', "total_amount": '
    + b"9" * 5000
    + b"}",
    "not JSON at all": b"\xef\xbb\xbf{not json",
    "a JSON array": b"[1, 2, 3]",
}


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_an_authentic_delivery_that_cannot_be_read_is_stored_once_and_parked(
    ingest, tenant, body
) -> None:
    answers = [await ingest.webhook(tenant, "order", body) for _ in range(2)]
    assert [a.status_code for a in answers] == [202, 200]
    assert answers[0].json()["status"] == "parked"
    [entry] = await inbox(ingest, tenant)
    assert entry["status"] == "parked"
    assert entry["reason"] and entry["reason"].isprintable()


ODD_BUT_READABLE = {
    "NUL in an unknown key": json.dumps({**order("o-key"), "bad\u0000key": 1}).encode(),
    "exponent beyond any amount": json.dumps(order("o-exp"))[:-1].encode()
    + b', "total_amount": 1e999999999}',
    "thirty decimals": json.dumps(order("o-dec", total_amount="1.000000000000000000000000000001")).encode(),
}


@pytest.mark.parametrize("body", ODD_BUT_READABLE.values(), ids=ODD_BUT_READABLE.keys())
async def test_an_odd_but_readable_delivery_is_stored_once_for_the_mapper_to_judge(
    ingest, tenant, body
) -> None:
    answers = [await ingest.webhook(tenant, "order", body) for _ in range(2)]
    assert [a.status_code for a in answers] == [202, 200]
    assert len(await inbox(ingest, tenant)) == 1


async def metric(ingest, tenant: str, outcome: str) -> float:
    text = (await ingest.http.get("/metrics")).text
    wanted = {"tenant": tenant, "kind": "order", "outcome": outcome}
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "jembatan_webhooks_received_total" and sample.labels == wanted
    )


async def test_a_signed_body_that_is_not_utf8_is_refused_counted_and_not_stored(ingest, tenant) -> None:
    before = await metric(ingest, tenant, "not_utf8")
    answer = await ingest.webhook(tenant, "order", b'{"order_id": "o-\xff"}')
    assert answer.status_code == 400
    assert await inbox(ingest, tenant) == []
    assert await metric(ingest, tenant, "not_utf8") == before + 1


async def test_a_length_extension_of_a_captured_delivery_is_refused_and_not_stored(ingest, tenant) -> None:
    captured_body = json.dumps(order("o-captured")).encode()
    captured_stamp = format_timestamp(datetime.now(UTC) - timedelta(days=30))
    captured_signature = sign(API_KEY, captured_body, captured_stamp)

    fresh_stamp = format_timestamp(datetime.now(UTC))
    appended, forged_signature = extend(
        captured_signature,
        len(API_KEY) + len(captured_body) + len(captured_stamp),
        b'{"evil": 1}' + fresh_stamp.encode(),
    )
    forged_body = captured_body + captured_stamp.encode() + appended[: -len(fresh_stamp)]
    assert sign(API_KEY, forged_body, fresh_stamp) == forged_signature  # the forgery is "authentic"

    answer = await ingest.webhook(
        tenant, "order", forged_body, timestamp=fresh_stamp, signature=forged_signature
    )
    assert answer.status_code == 400
    assert await inbox(ingest, tenant) == []


@pytest.mark.parametrize(
    "stamp",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2026-13-45T99:99:99Z",
        "٢٠٢٦-١١-٢٩T00:00:00Z",
        "x" * 5000,
        "",
    ],
)
async def test_a_malformed_timestamp_is_a_401(ingest, tenant, stamp) -> None:
    body = json.dumps(order("o-stamp")).encode()
    headers = {
        "Content-Type": "application/json",
        "Timestamp": stamp.encode(),  # bytes: sent as they are, non-ASCII included
        "Signature": sign(API_KEY, body, stamp),
    }
    answer = await ingest.http.post(f"/webhooks/iseller/{tenant}/order", content=body, headers=headers)
    assert answer.status_code == 401
    assert await inbox(ingest, tenant) == []
