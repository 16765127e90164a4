"""The poster's composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from jembatan.contracts import Envelope
from jembatan.contracts.topics import LEDGER_FACTS
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.consumer import IdempotentConsumer
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.http import create_service_app
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxRelay
from sqlmodel.ext.asyncio.session import AsyncSession

from .adapters.accurate_gateway import AccurateGateway
from .config import PosterSettings
from .entrypoints import admin
from .entrypoints.deps import Runtime
from .service_layer.planning import plan_fact
from .service_layer.sender import PostingWorker

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: PosterSettings) -> FastAPI:
    db = Database(settings.resolved_database_url, settings.schema_name)
    secrets = SecretBox(settings.secret_key)
    gateway = AccurateGateway(db, secrets)
    worker = PostingWorker(db, gateway)
    publisher = KafkaPublisher(settings)
    relay = OutboxRelay(db, publisher, service="poster")

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if await plan_fact(session, envelope):
            worker.wake.set()

    consumer = IdempotentConsumer(
        settings, db, consumer="poster", topics=[LEDGER_FACTS], handler=handle, dead_letters=publisher
    )
    loops = BackgroundLoops()
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.migrate(MIGRATIONS)
        loops.start("outbox-relay", relay.run())
        loops.start("ledger-facts", consumer.run())
        loops.start("posting-worker", worker.run())
        state["ready"] = True
        yield
        await loops.stop()
        await gateway.close()
        await publisher.close()
        await db.dispose()

    app = create_service_app(
        "poster",
        admin_token=settings.admin_token.get_secret_value(),
        lifespan=lifespan,
        ready=lambda: state["ready"],
    )
    app.state.runtime = Runtime(settings, db, secrets, gateway, worker)
    app.include_router(admin.router)
    return app
