"""The scheduler's composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.db import Database
from jembatan.platform.http import create_service_app
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxRelay

from .config import SchedulerSettings
from .entrypoints import admin
from .service_layer.firing import TriggerLoop

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: SchedulerSettings) -> FastAPI:
    db = Database(settings.resolved_database_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    relay = OutboxRelay(db, publisher, service="scheduler")
    triggers = TriggerLoop(db, interval=settings.tick_interval_seconds)
    loops = BackgroundLoops()
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.migrate(MIGRATIONS)
        loops.start("outbox-relay", relay.run())
        loops.start("triggers", triggers.run())
        state["ready"] = True
        yield
        await loops.stop()
        await publisher.close()
        await db.dispose()

    app = create_service_app(
        "scheduler",
        admin_token=settings.admin_token.get_secret_value(),
        lifespan=lifespan,
        ready=lambda: state["ready"],
    )
    app.state.db = db
    app.include_router(admin.router)
    return app
