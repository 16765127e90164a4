"""Running ingest for tests, signing webhooks, reading `pos.events.v1` back."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from jembatan.contracts import Envelope
from jembatan.contracts.iseller.signature import format_timestamp, sign
from jembatan.contracts.topics import POS_EVENTS
from jembatan.devstack.broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.devstack.ports import free_port
from jembatan.ingest.bootstrap import build_app
from jembatan.ingest.config import IngestSettings
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlmodel import col, func, select

ADMIN_TOKEN = "test-admin-token"
API_KEY = "store-api-key"


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port in this event loop; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class Ingest:
    url: str
    settings: IngestSettings
    db: Database  # a second handle on ingest's schema, for assertions
    http: httpx.AsyncClient

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    async def add_tenant(self, tenant: str, api_key: str = API_KEY) -> None:
        answer = await self.http.put(
            f"/admin/tenants/{tenant}", json={"store_name": tenant, "api_key": api_key}, headers=self.admin
        )
        assert answer.status_code == 204, answer.text

    async def webhook(
        self,
        tenant: str,
        kind: str,
        body: bytes | dict[str, Any],
        *,
        api_key: str = API_KEY,
        timestamp: str | None = None,
        signature: str | None = None,
        content_type: str = "application/json",
    ) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        stamp = timestamp or format_timestamp(datetime.now(UTC))
        headers = {
            "Content-Type": content_type,
            "Timestamp": stamp,
            "Signature": signature or sign(api_key, raw, stamp),
        }
        return await self.http.post(f"/webhooks/iseller/{tenant}/{kind}", content=raw, headers=headers)

    async def outbox_pending(self) -> int:
        async with self.db.session() as session:
            query = (
                select(func.count()).select_from(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
            )
            return int((await session.exec(query)).one())

    async def get(self, path: str) -> Any:
        answer = await self.http.get(path, headers=self.admin)
        assert answer.status_code == 200, answer.text
        return answer.json()


IngestFactory = Callable[..., contextlib.AbstractAsyncContextManager[Ingest]]


def make_ingest_factory(
    postgres_url: str, kafka_bootstrap: str, unique_name: Callable[..., str]
) -> IngestFactory:
    @contextlib.asynccontextmanager
    async def run(**overrides: Any) -> AsyncIterator[Ingest]:
        values: dict[str, Any] = {
            "database_url": postgres_url,
            "db_schema": unique_name("ingest"),
            "kafka_bootstrap": kafka_bootstrap,
            "kafka_session_timeout_ms": TANSU_SESSION_TIMEOUT_MS,
            "kafka_heartbeat_interval_ms": TANSU_HEARTBEAT_INTERVAL_MS,
            "environment": "development",
            "admin_token": ADMIN_TOKEN,
            "consume_triggers": False,
            **overrides,
        }
        settings = IngestSettings(**values)
        db = Database(postgres_url, settings.schema_name)
        async with serve(build_app(settings)) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield Ingest(url, settings, db, http)
        await db.dispose()

    return run


async def read_events(
    bootstrap: str,
    group: str,
    tenant: str,
    done: Callable[[list[Envelope]], bool],
    within: float = 60.0,
) -> list[Envelope]:
    """Consume `pos.events.v1` from the beginning (own group) until `done(events of tenant)`."""
    consumer = AIOKafkaConsumer(
        POS_EVENTS,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
        heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
    )
    await consumer.start()
    events: list[Envelope] = []
    deadline = asyncio.get_running_loop().time() + within
    try:
        while not done(events):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"only {len(events)} events of {tenant} after {within}s")
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    envelope = Envelope.from_bytes(record.value or b"")
                    if envelope.tenant_id == tenant:
                        events.append(envelope)
    finally:
        await consumer.stop()
    return events


def order(order_id: str, status: str = "completed", **extra: Any) -> dict[str, Any]:
    """A small consistent iSeller order (one cash line)."""
    body: dict[str, Any] = {
        "order_id": order_id,
        "order_reference": f"#{order_id}",
        "status": status,
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "register_id": "reg-1",
        "order_date": "2025-07-01 02:00:00",
        "closed_date": "2025-07-01 02:05:00",
        "total_amount": "20000.0000",
        "order_details": [
            {"order_detail_id": f"{order_id}-d1", "sku": "KOPI", "quantity": 1, "base_price": 20000}
        ],
        "transactions": [{"transaction_id": f"{order_id}-t1", "gateway": "cash", "amount": 20000}],
    }
    body.update(extra)
    return body
