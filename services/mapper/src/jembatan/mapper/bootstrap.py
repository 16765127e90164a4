"""The mapper's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jembatan.contracts.topics import POS_EVENTS, TENANT_CONFIG, TENANT_MASTER_DATA
from jembatan.platform.crypto import SecretBox
from jembatan.platform.service import ServiceCore

from .adapters.lookup_cache import LookupCache
from .config import MapperSettings
from .entrypoints import (
    admin,
    admin_master,
    admin_parked,
    admin_products,
    journey_admin,
    refusals,
    tenant_config,
)
from .service_layer.context import Mapper
from .service_layer.handlers import pos_events_handler
from .service_layer.master_data import refresh_forever
from .service_layer.redrive import Redriver

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: MapperSettings) -> FastAPI:
    core = ServiceCore(settings)
    redriver = Redriver(core.db, interval=settings.redrive_interval_seconds)
    mapper = Mapper(core.db, settings, SecretBox(settings.secret_key), redriver)
    lookups = LookupCache(ttl=settings.lookup_cache_seconds)

    handle = pos_events_handler(lookups, facts_queued=core.relay.nudge, member_saved=redriver.poke)
    consumer = core.consumer([POS_EVENTS], handle)
    configs = core.consumer(
        [TENANT_CONFIG, TENANT_MASTER_DATA],
        tenant_config.config_handler(mapper),
        name=tenant_config.CONSUMER_NAME,
    )
    app = core.app(
        migrations=MIGRATIONS,
        loops={
            "pos-events": consumer.run,
            "tenant-config": configs.run,
            "redrive": redriver.run,
            "master-data": lambda: refresh_forever(mapper),
        },
    )
    app.state.db = core.db
    app.state.mapper = mapper
    for module in (admin, admin_master, admin_parked, admin_products, journey_admin, tenant_config):
        app.include_router(module.router)
    refusals.install(app)
    return app
