"""Property: whatever bodies and headers arrive, ingest answers no 5xx, every refusal is a clear
4xx, and every authentic delivery is stored exactly once (accepted or parked).

Hypothesis drives a real ingest (uvicorn, PostgreSQL) running on its own thread and event loop.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ingest_support import ADMIN_TOKEN, make_ingest_factory, order
from jembatan.contracts.iseller import WEBHOOK_KINDS
from jembatan.contracts.iseller.signature import format_timestamp, sign

pytestmark = pytest.mark.integration

KEY = "property-store-key"
# Bytes a client puts on the wire but HTTP forbids in a header value (RFC 9110 field-vchar is
# VCHAR / obs-text): uvicorn's parser (httptools) answers those itself — a plain-text 400 — and the
# request never reaches ingest, so ingest's JSON refusal cannot apply (docs/api-refusals.md).
FORBIDDEN_IN_HEADERS = frozenset(range(0x20)) - {0x09} | {0x7F}


@pytest.fixture(scope="module")
def ingest_url(postgres_url: str, kafka_bootstrap: str, unique_name) -> Iterator[str]:
    """A real ingest on a thread of its own, so that Hypothesis' synchronous examples can call it."""
    ready: list[str] = []
    stop = threading.Event()

    async def run() -> None:
        async with make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)() as ingest:
            ready.append(ingest.url)
            while not stop.is_set():
                await asyncio.sleep(0.05)

    thread = threading.Thread(target=lambda: asyncio.run(run()), daemon=True)
    thread.start()
    for _ in range(600):
        if ready or not thread.is_alive():
            break
        threading.Event().wait(0.05)
    assert ready, "ingest did not start"
    yield ready[0]
    stop.set()
    thread.join(30)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)
order_fields = st.sampled_from(
    [
        "order_id",
        "status",
        "closed_date",
        "order_date",
        "total_amount",
        "order_details",
        "transactions",
        "outlet_id",
    ]
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    shape = draw(st.sampled_from(["order", "json", "bytes", "deep"]))
    if shape == "order":
        body: dict[str, Any] = order(draw(st.text(min_size=1, max_size=400)))
        for field in draw(st.lists(order_fields, max_size=3)):
            body[field] = draw(json_values)
        return json.dumps(body).encode()
    if shape == "json":
        return json.dumps(draw(json_values)).encode()
    if shape == "deep":
        depth = draw(st.integers(1, 3000))
        return b"[" * depth + b"]" * depth
    return draw(st.binary(max_size=300))


@dataclass
class Delivery:
    tenant: str  # "" for a known tenant: a fresh one is made for each example
    kind: str
    body: bytes
    headers: dict[str, Any]
    authentic: bool  # the store's own: known tenant, kind, JSON type, fresh signed timestamp, UTF-8

    @property
    def malformed_http(self) -> bool:
        """A header byte HTTP forbids: the server's HTTP parser refuses it before ingest sees it."""
        values = (v if isinstance(v, bytes) else v.encode("latin-1") for v in self.headers.values())
        return any(byte in FORBIDDEN_IN_HEADERS for value in values for byte in value)


@st.composite
def deliveries(draw: st.DrawFn) -> Delivery:
    body = draw(bodies())
    known = draw(st.booleans())
    tenant = "" if known else draw(st.sampled_from(["nobody", "x" * 120, "a b", "tenant-¿"]))
    kind = draw(
        st.sampled_from(WEBHOOK_KINDS) | st.text(min_size=1, max_size=20).filter(lambda k: "/" not in k)
    )
    fresh = format_timestamp(datetime.now(UTC) + timedelta(seconds=draw(st.integers(-200, 200))))
    stamp = draw(
        st.sampled_from(
            [
                fresh,
                fresh,
                fresh,
                "",
                "0001-01-01T00:00:00+01:00",
                "9999-12-31T23:59:59-05:00",
                fresh.replace("T", "\x7f"),
            ]
        )
        # What a client can send: httpx (h11) refuses a value with leading or trailing whitespace,
        # and HTTP strips it anyway (RFC 9110 §5.5); DEL stays in, the server's parser refuses it.
        | st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40).map(lambda s: s.strip(" "))
    )
    signed = draw(st.booleans()) or draw(st.booleans())
    signature = (
        sign(KEY, body, stamp)
        if signed
        else draw(st.sampled_from(["", "A" * 64, "zz", sign("other", body, stamp)]))
    )
    content_type = draw(
        st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"])
    )
    headers = {"Content-Type": content_type, "Timestamp": stamp.encode("latin-1"), "Signature": signature}
    headers = {k: v for k, v in headers.items() if v}
    utf8 = _is_utf8(body)
    authentic = (
        known and kind in WEBHOOK_KINDS and "json" in content_type and stamp == fresh and signed and utf8
    )
    return Delivery(tenant, kind, body, headers, authentic)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(delivery=deliveries())
def test_no_delivery_gets_a_5xx_and_every_authentic_one_is_stored_exactly_once(
    ingest_url: str, delivery: Delivery
) -> None:
    with httpx.Client(base_url=ingest_url, timeout=30) as http:
        tenant = delivery.tenant or uuid.uuid4().hex
        if not delivery.tenant:  # a known tenant: a fresh one, so examples do not share an inbox
            http.put(f"/admin/tenants/{tenant}", json={"store_name": "p", "api_key": KEY}, headers=ADMIN)
        path = f"/webhooks/iseller/{quote(tenant, safe='')}/{quote(delivery.kind, safe='')}"
        answers = [http.post(path, content=delivery.body, headers=delivery.headers) for _ in range(2)]

        event(
            "malformed HTTP" if delivery.malformed_http else "authentic" if delivery.authentic else "refused"
        )
        if delivery.malformed_http:  # refused by the HTTP parser, never by ingest: 400, nothing kept
            assert [(a.status_code, a.headers["content-type"].split(";")[0]) for a in answers] == [
                (400, "text/plain")
            ] * 2, answers[0].text
            if not delivery.tenant:
                assert http.get(f"/admin/tenants/{tenant}/inbox", headers=ADMIN).json() == []
            return
        for answer in answers:
            assert answer.status_code < 500, answer.text
            if answer.status_code >= 400:
                assert isinstance(answer.json()["detail"], (str, list)), answer.text
        if not delivery.authentic:
            return
        first, repeat = answers
        assert (first.status_code, first.json()["status"] in {"accepted", "parked"}) == (202, True), (
            first.text
        )
        assert (repeat.status_code, repeat.json()["status"]) == (200, "duplicate")
        key = first.json()["dedupe_key"]
        inbox = http.get(f"/admin/tenants/{tenant}/inbox", headers=ADMIN).json()
        assert [entry["dedupe_key"] for entry in inbox] == [key]
