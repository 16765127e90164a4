"""The poster's composition root."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from jembatan.contracts.topics import LEDGER_FACTS, SYNC_TRIGGERS, TENANT_CONFIG
from jembatan.platform.crypto import SecretBox
from jembatan.platform.service import ServiceCore

from .adapters.accurate_gateway import AccurateGateway
from .adapters.accurate_reachability import AccurateReachability
from .adapters.accurate_readback import AccurateReadback
from .adapters.posting_ledger import SqlPostingLedger
from .config import PosterSettings
from .entrypoints import admin, journey_admin, reconciliation_admin, tenant_config, windows_admin
from .entrypoints.deps import Runtime
from .entrypoints.facts import facts_handler
from .entrypoints.messages import by_schema
from .entrypoints.triggers import triggers_handler
from .service_layer.reconciling import ReconciliationRunner
from .service_layer.sender import PostingWorker
from .service_layer.shift_closing import Grace
from .service_layer.sweeping import WindowSweeper
from .service_layer.window_planning import WindowReplanner

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: PosterSettings) -> FastAPI:
    core = ServiceCore(settings)
    secrets = SecretBox(settings.secret_key)
    gateway = AccurateGateway(
        core.db, secrets, settings.accurate_kept_free, timeout=settings.accurate_timeout_seconds
    )
    replica = f"{socket.gethostname()}-{os.getpid()}"[:100]  # names the holder of sending leases
    lease = timedelta(seconds=settings.sending_lease_seconds)  # longer than a call: see drain()
    worker = PostingWorker(SqlPostingLedger(core.db), gateway, replica=replica, lease=lease)
    grace = Grace(timedelta(seconds=settings.shift_grace_seconds))
    readback = AccurateReadback(gateway.client)
    reconciler = ReconciliationRunner(core.db, readback)
    core.readiness.add("accurate", AccurateReachability(core.db, gateway))
    handler = by_schema(
        facts_handler(grace, worker.wake.set), triggers_handler(grace, worker.wake.set, reconciler.wake.set)
    )
    consumer = core.consumer([LEDGER_FACTS, SYNC_TRIGGERS], handler)

    async def connected(tenant_id: str) -> None:
        await gateway.forget(tenant_id)
        await SqlPostingLedger(core.db).resume(tenant_id)
        worker.failures.pop(tenant_id, None)
        worker.wake.set()

    configs = core.consumer(
        [TENANT_CONFIG], tenant_config.config_handler(connected), name=tenant_config.CONSUMER_NAME
    )
    sweeper = WindowSweeper(core.db, grace, worker.wake.set, interval=settings.window_sweep_seconds)
    app = core.app(
        migrations=MIGRATIONS,
        loops={
            "poster-messages": consumer.run,
            "tenant-config": configs.run,
            "posting-worker": worker.run,
            "window-sweeper": sweeper.run,
            "reconciler": reconciler.run,
        },
        on_stop=[gateway.close],
    )
    app.state.runtime = Runtime(settings, core.db, secrets, gateway, worker, WindowReplanner())
    app.include_router(admin.router)
    app.state.books_readback = readback
    app.include_router(windows_admin.router)
    app.include_router(reconciliation_admin.router)
    app.include_router(journey_admin.router)
    app.include_router(tenant_config.router)
    return app
