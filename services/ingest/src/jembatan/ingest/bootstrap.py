"""Ingest's composition root: database, secrets, relay, pull, trigger consumer and routes wired once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.consumer import IdempotentConsumer
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.http import create_service_app
from jembatan.platform.kafka import KafkaPublisher

from .adapters.relay import IngestRelay
from .config import IngestSettings
from .entrypoints import admin, admin_pull, webhooks
from .entrypoints.deps import Runtime
from .entrypoints.triggers import CONSUMER_NAME, reconcile_on_trigger
from .service_layer.pulling import Puller

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: IngestSettings) -> FastAPI:
    db = Database(settings.resolved_database_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    secrets = SecretBox(settings.secret_key)
    relay = IngestRelay(db, publisher, service="ingest")
    http = httpx.AsyncClient(timeout=settings.iseller_timeout_seconds)
    puller = Puller(settings, db, secrets, http, wake_relay=relay.nudge)
    runtime = Runtime(settings, db, secrets, relay, puller)
    loops = BackgroundLoops()
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.migrate(MIGRATIONS)
        loops.start("outbox-relay", relay.run())
        if settings.consume_triggers:
            consumer = IdempotentConsumer(
                settings,
                db,
                consumer=CONSUMER_NAME,
                topics=[SYNC_TRIGGERS],
                handler=reconcile_on_trigger(runtime),
                dead_letters=publisher,
            )
            loops.start("sync-triggers", consumer.run())
        state["ready"] = True
        yield
        state["ready"] = False
        await runtime.stop_pulls()
        await loops.stop()
        await http.aclose()
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
    app.include_router(admin_pull.router)
    return app
