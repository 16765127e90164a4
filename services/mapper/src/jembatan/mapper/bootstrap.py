"""The mapper's composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from jembatan.contracts import Envelope
from jembatan.contracts.topics import POS_EVENTS
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.consumer import IdempotentConsumer
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.http import create_service_app
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxRelay
from sqlmodel.ext.asyncio.session import AsyncSession

from .config import MapperSettings
from .entrypoints import admin, admin_parked, admin_products
from .service_layer.context import Mapper
from .service_layer.handlers import map_event
from .service_layer.master_data import refresh_forever
from .service_layer.redrive import Redriver

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: MapperSettings) -> FastAPI:
    db = Database(settings.resolved_database_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    relay = OutboxRelay(db, publisher, service="mapper")

    redriver = Redriver(db, interval=settings.redrive_interval_seconds)
    mapper = Mapper(db, settings, SecretBox(settings.secret_key), redriver)

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if await map_event(session, envelope):
            relay.wake.set()
            if envelope.schema_ == "pos.customer_upserted/1":
                redriver.poke(envelope.tenant_id)  # a payment may have waited for this member

    consumer = IdempotentConsumer(
        settings, db, consumer="mapper", topics=[POS_EVENTS], handler=handle, dead_letters=publisher
    )
    loops = BackgroundLoops()
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.migrate(MIGRATIONS)
        loops.start("outbox-relay", relay.run())
        loops.start("pos-events", consumer.run())
        loops.start("redrive", redriver.run())
        loops.start("master-data", refresh_forever(mapper))
        state["ready"] = True
        yield
        await loops.stop()
        await publisher.close()
        await db.dispose()

    app = create_service_app(
        "mapper",
        admin_token=settings.admin_token.get_secret_value(),
        lifespan=lifespan,
        ready=lambda: state["ready"],
    )
    app.state.db = db
    app.state.mapper = mapper
    for module in (admin, admin_parked, admin_products):
        app.include_router(module.router)
    return app
