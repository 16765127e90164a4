"""The poster as it runs: facts and triggers through the real broker into windows on PostgreSQL."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import uvicorn
from jembatan.contracts import Envelope
from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import LEDGER_FACTS, SYNC_TRIGGERS
from jembatan.devstack.broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.devstack.ports import free_port
from jembatan.platform.db import Database
from jembatan.platform.kafka import KafkaPublisher
from jembatan.poster.bootstrap import build_app
from jembatan.poster.config import PosterSettings
from window_db import trigger_messages, window_of, windows
from window_facts import at, envelope, outlet, sale, shift_close

WIB = timedelta(hours=7)


@contextlib.asynccontextmanager
async def running_poster(settings: PosterSettings) -> AsyncIterator[None]:
    server = uvicorn.Server(
        uvicorn.Config(build_app(settings), host="127.0.0.1", port=free_port(), log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


async def eventually(check: Callable[[], object], within: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():  # type: ignore[misc]
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the poster did not get there in time")
        await asyncio.sleep(0.2)


async def test_real_time_scheduled_and_shift_windows_through_the_broker(
    postgres_url, kafka_bootstrap, unique_name
):
    tenant = f"toko-{uuid.uuid4().hex[:8]}"
    settings = PosterSettings(
        environment="development",
        database_url=postgres_url,
        db_schema=unique_name("poster_broker"),
        kafka_bootstrap=kafka_bootstrap,
        kafka_session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
        kafka_heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
        shift_grace_seconds=0.2,
        window_sweep_seconds=0.2,
    )
    db = Database(postgres_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    scheduled = outlet(SyncMode.SCHEDULED, [12, 18], outlet_id="outlet-s", outlet_code="S")
    shifts = outlet(SyncMode.SHIFT_CLOSE, outlet_id="outlet-k", outlet_code="K")
    noon = datetime(2026, 11, 25, 12, tzinfo=UTC) - WIB
    facts = [
        sale("rt1", at(1), outlet()),
        sale("sc1", noon + timedelta(hours=1), scheduled),
        sale("sc2", noon + timedelta(hours=2), scheduled),
        sale("sh1", at(1), shifts),  # no shift id, as real iSeller orders
        shift_close("K1", at(0), at(7), shifts),  # as pulled: times only → grace, pull, grace, post
    ]

    async def publish(topic: str, message: Envelope) -> None:
        await publisher.publish(topic, message.tenant_id, message.to_bytes())

    async with running_poster(settings), contextlib.AsyncExitStack() as cleanup:
        cleanup.push_async_callback(db.dispose)
        cleanup.push_async_callback(publisher.close)
        for fact in facts:
            await publish(LEDGER_FACTS, envelope(fact, tenant=tenant))

        async def all_held() -> bool:
            return len(await window_of(db)) == len(facts)

        await eventually(all_held)
        hour = SyncTriggered(
            trigger_id=tenant, kind=TriggerKind.SCHEDULED_HOUR, fire_at=noon + timedelta(hours=6)
        )
        await publish(
            SYNC_TRIGGERS,
            Envelope(
                id=f"trigger-{tenant}", type="sync.triggered", tenant_id=tenant, occurred_at=hour.fire_at,
                correlation_id=tenant, schema_="sync.triggered/1", payload=hour.model_dump(mode="json"),
            ),
        )  # fmt: skip

        async def every_window_planned() -> bool:
            seen = await windows(db)
            return len(seen) == 3 and {w.state for w in seen.values()} == {"planned"}

        await eventually(every_window_planned)
        placed = await window_of(db)
        assert placed["order:rt1"] == "order:rt1"
        assert placed["order:sc1"] == placed["order:sc2"] == f"hours:outlet-s:{noon.isoformat()}"
        assert placed["order:sh1"] == "shift:K1"
        assert len(await trigger_messages(db)) == 1  # the RECONCILE asked of ingest
