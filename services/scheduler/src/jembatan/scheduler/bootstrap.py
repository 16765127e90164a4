"""The scheduler's composition root."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from jembatan.platform.service import ServiceCore

from .config import SchedulerSettings
from .entrypoints import admin
from .service_layer.firing import TriggerLoop

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: SchedulerSettings) -> FastAPI:
    core = ServiceCore(settings)
    triggers = TriggerLoop(
        core.db,
        interval=settings.tick_interval_seconds,
        lease_ttl=timedelta(seconds=settings.lease_seconds),
    )
    app = core.app(migrations=MIGRATIONS, loops={"triggers": triggers.run})
    app.state.db = core.db
    app.include_router(admin.router)
    return app
