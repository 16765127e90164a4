"""Ingest's composition root: database, secrets, relay, pull, trigger consumer and routes wired once."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.platform.crypto import SecretBox
from jembatan.platform.logging import configure_logging
from jembatan.platform.serve import mark_serving
from jembatan.platform.service import LoopFactory, ServiceCore

from .adapters.group_commit import DeliveryWriter
from .adapters.tenants import WebhookKeys
from .config import IngestSettings
from .entrypoints import admin, admin_pull, admin_tenant_config, day_totals_admin, journey_admin, webhooks
from .entrypoints.deps import Runtime
from .entrypoints.triggers import CONSUMER_NAME, reconcile_on_trigger
from .service_layer.accurate_tokens import refresh_forever
from .service_layer.pulling import Puller

MIGRATIONS = Path(__file__).parent / "migrations"
# With JEMBATAN_WORKERS > 1 each uvicorn worker process builds its own app through this factory.
WORKER_APP = "jembatan.ingest.bootstrap:worker_app"


def build_app(settings: IngestSettings) -> FastAPI:
    core = ServiceCore(settings)
    secrets = SecretBox(settings.secret_key)
    http = httpx.AsyncClient(timeout=settings.iseller_timeout_seconds)
    puller = Puller(settings, core.db, secrets, http, wake_relay=core.relay.nudge)
    writer = DeliveryWriter(core.db, writers=settings.group_commit_writers)
    runtime = Runtime(settings, core.db, secrets, core.relay, puller, WebhookKeys(core.db, secrets), writer)
    loops: dict[str, LoopFactory] = {}
    if settings.consume_triggers:
        triggers = core.consumer([SYNC_TRIGGERS], reconcile_on_trigger(runtime), name=CONSUMER_NAME)
        loops["sync-triggers"] = triggers.run
    if settings.accurate_oauth_client_id:
        loops["accurate-tokens"] = lambda: refresh_forever(runtime)

    app = core.app(migrations=MIGRATIONS, loops=loops, on_stop=[runtime.stop_pulls, writer.stop, http.aclose])
    app.state.runtime = runtime
    for module in (webhooks, admin, admin_pull, admin_tenant_config, journey_admin, day_totals_admin):
        app.include_router(module.router)
    return app


def worker_app() -> FastAPI:
    """One worker's app (`JEMBATAN_WORKERS` > 1): settings and logging read again in this process."""
    settings = IngestSettings()
    mark_serving()
    configure_logging(settings.service_name, settings.log_level)
    return build_app(settings)
