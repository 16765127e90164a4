"""Ingest's composition root: database, secrets, relay and routes wired once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.http import create_service_app
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxRelay

from .config import IngestSettings
from .entrypoints import admin, webhooks
from .entrypoints.deps import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: IngestSettings) -> FastAPI:
    db = Database(settings.resolved_database_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    runtime = Runtime(
        settings, db, SecretBox(settings.secret_key), OutboxRelay(db, publisher, service="ingest")
    )
    loops = BackgroundLoops()
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.migrate(MIGRATIONS)
        loops.start("outbox-relay", runtime.relay.run())
        state["ready"] = True
        yield
        await loops.stop()
        await publisher.close()
        await db.dispose()

    app = create_service_app(
        "ingest",
        admin_token=settings.admin_token.get_secret_value(),
        lifespan=lifespan,
        ready=lambda: state["ready"],
    )
    app.state.runtime = runtime
    app.include_router(webhooks.router)
    app.include_router(admin.router)
    return app
