"""Finding 10: a bounded number of requests in flight, and no body read before what can be
checked without it (real HTTP: a request head is sent, its body never is)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from jembatan.contracts.iseller.signature import format_timestamp

pytestmark = pytest.mark.integration

SIGNATURE = "A" * 64  # well-formed, wrong: only the body could show it wrong


@contextlib.asynccontextmanager
async def request_head(url: str, path: str, headers: dict[str, str]) -> AsyncIterator[asyncio.StreamReader]:
    """Send only the head of a POST (its Content-Length promises a body that never comes)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    lines = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", *(f"{k}: {v}" for k, v in headers.items())]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    try:
        yield reader
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def status_of(reader: asyncio.StreamReader, within: float = 5.0) -> tuple[int, str]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), within)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    return int(status_line.split()[1]), "\r\n".join(header_lines).lower()


def webhook_head(stamp: str | None = None, length: int = 1_000_000, **extra: str) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(length),
        "Timestamp": stamp or format_timestamp(datetime.now(UTC)),
        "Signature": SIGNATURE,
    }
    headers.update(extra)
    return {k: v for k, v in headers.items() if v}


@pytest.fixture(scope="module")
async def ingest(postgres_url, kafka_bootstrap, unique_name):
    from ingest_support import make_ingest_factory

    factory = make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)
    async with factory(max_requests_in_flight=2) as running:
        await running.add_tenant("toko-known")
        yield running


REFUSED_WITHOUT_THE_BODY = {
    "unknown tenant": ("toko-unknown", webhook_head(), 401),
    "no signature": ("toko-known", webhook_head(Signature=""), 401),
    "signature not 64 hex digits": ("toko-known", webhook_head(Signature="nope"), 401),
    "stale timestamp": (
        "toko-known",
        webhook_head(format_timestamp(datetime.now(UTC) - timedelta(hours=1))),
        401,
    ),
    "declared size over the limit": ("toko-known", webhook_head(length=50_000_000), 413),
}


@pytest.mark.parametrize(
    "tenant, headers, code", REFUSED_WITHOUT_THE_BODY.values(), ids=REFUSED_WITHOUT_THE_BODY.keys()
)
async def test_a_request_that_cannot_be_authentic_is_refused_before_its_body_is_read(
    ingest, tenant, headers, code
) -> None:
    async with request_head(ingest.url, f"/webhooks/iseller/{tenant}/order", headers) as reader:
        assert (await status_of(reader))[0] == code


async def test_beyond_the_in_flight_limit_a_request_gets_503_with_retry_after(ingest) -> None:
    path = "/webhooks/iseller/toko-known/order"
    async with request_head(ingest.url, path, webhook_head()), request_head(ingest.url, path, webhook_head()):
        await asyncio.sleep(0.3)  # both are now waiting for their bodies, in flight
        answer = await ingest.http.get("/admin/tenants/toko-known/inbox", headers=ingest.admin)
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "1"
        assert (await ingest.http.get("/healthz")).status_code == 200


async def test_a_request_that_left_frees_its_place(ingest) -> None:
    path = "/webhooks/iseller/toko-known/order"
    for _ in range(3):
        async with (
            request_head(ingest.url, path, webhook_head()),
            request_head(ingest.url, path, webhook_head()),
        ):
            await asyncio.sleep(0.2)
    await asyncio.sleep(0.3)
    answer = await ingest.http.get("/admin/tenants/toko-known/inbox", headers=ingest.admin)
    assert answer.status_code == 200
