"""Webhook delivery: signed so the signature module verifies it, and faults that are seeded."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from jembatan.contracts.iseller import parse
from jembatan.contracts.iseller.signature import verify
from jembatan.sandbox.iseller import StoreDay
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send
from jembatan.sandbox.iseller.wire import dumps


def test_without_faults_every_delivery_goes_once_in_order(demo_day: StoreDay) -> None:
    planned = plan(demo_day.deliveries)
    assert [s.delivery for s in planned.sends] == demo_day.deliveries
    assert planned.dropped == []
    assert [s.body for s in planned.sends] == [dumps(d.payload) for d in demo_day.deliveries]


def test_faults_are_seeded(demo_day: StoreDay) -> None:
    options = FaultOptions(duplicate_rate=0.2, reorder_window=4, drop_rate=0.1, seed=5)
    first, second = plan(demo_day.deliveries, options), plan(demo_day.deliveries, options)
    assert [(s.delivery.seq, s.body) for s in first.sends] == [(s.delivery.seq, s.body) for s in second.sends]
    assert first.dropped == second.dropped


def test_dropped_deliveries_are_recorded_and_never_sent(demo_day: StoreDay) -> None:
    planned = plan(demo_day.deliveries, FaultOptions(drop_rate=0.3, seed=1))
    sent = {s.delivery.seq for s in planned.sends}
    dropped = {d.seq for d in planned.dropped}
    assert dropped and not (sent & dropped)
    assert sent | dropped == {d.seq for d in demo_day.deliveries}


def test_duplicates_repeat_the_same_bytes(demo_day: StoreDay) -> None:
    planned = plan(demo_day.deliveries, FaultOptions(duplicate_rate=0.5, seed=2))
    copies = [s for s in planned.sends if s.duplicate]
    assert copies
    for copy in copies:
        assert copy.body in {
            s.body for s in planned.sends if s.delivery.seq == copy.delivery.seq and not s.duplicate
        }


def test_reordering_moves_deliveries_at_most_the_window(demo_day: StoreDay) -> None:
    planned = plan(demo_day.deliveries, FaultOptions(reorder_window=3, seed=3))
    positions = [s.delivery.seq for s in planned.sends]
    assert positions != sorted(positions)
    original = {d.seq: i for i, d in enumerate(demo_day.deliveries)}
    assert all(abs(original[seq] - i) <= 3 for i, seq in enumerate(positions))


async def test_sent_webhooks_verify_with_the_signature_module(demo_day: StoreDay) -> None:
    received: list[tuple[str, bytes]] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        verify(
            "test-api-key",
            request.content,
            request.headers.get("Timestamp"),
            request.headers.get("Signature"),
            now=datetime.now(UTC),
        )
        kind = request.url.path.rsplit("/", 1)[1]
        assert request.url.path == f"/webhooks/iseller/tenant-a/{kind}"
        parse(kind, request.content)
        received.append((kind, request.content))
        return httpx.Response(202)

    planned = plan(demo_day.deliveries, FaultOptions(drop_rate=0.1, seed=4))
    async with httpx.AsyncClient(transport=httpx.MockTransport(receiver)) as client:
        report = await send(
            planned, target="http://ingest.test", tenant="tenant-a", api_key="test-api-key", client=client
        )
    assert report.sent == len(planned.sends) == len(received)
    assert report.statuses == {202: len(received)} and report.failures == []
    assert received == [(s.delivery.kind, s.body) for s in planned.sends]


async def test_server_errors_are_retried_like_iseller_does(demo_day: StoreDay) -> None:
    attempts: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        return httpx.Response(503 if len(attempts) == 1 else 200)

    planned = plan(demo_day.deliveries[:1])
    async with httpx.AsyncClient(transport=httpx.MockTransport(flaky)) as client:
        report = await send(
            planned, target="http://ingest.test", tenant="t", api_key="test-api-key", client=client
        )
    assert len(attempts) == 2 and report.statuses == {503: 1, 200: 1} and report.failures == []
