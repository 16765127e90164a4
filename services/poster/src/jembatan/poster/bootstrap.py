"""The poster's composition root."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from fastapi import FastAPI
from jembatan.contracts import Envelope
from jembatan.contracts.topics import LEDGER_FACTS
from jembatan.platform.crypto import SecretBox
from jembatan.platform.service import ServiceCore
from sqlmodel.ext.asyncio.session import AsyncSession

from .adapters.accurate_gateway import AccurateGateway
from .adapters.posting_ledger import SqlPostingLedger
from .config import PosterSettings
from .entrypoints import admin
from .entrypoints.deps import Runtime
from .service_layer.planning import plan_fact
from .service_layer.ports import NoReplanner
from .service_layer.sender import PostingWorker

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: PosterSettings) -> FastAPI:
    core = ServiceCore(settings)
    secrets = SecretBox(settings.secret_key)
    gateway = AccurateGateway(core.db, secrets)
    replica = f"{socket.gethostname()}-{os.getpid()}"[:100]  # names the holder of sending leases
    worker = PostingWorker(SqlPostingLedger(core.db), gateway, replica=replica)
    replanner = NoReplanner()  # the planner's Replanner replaces this (issue 8, windows)

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if await plan_fact(session, envelope):
            worker.wake.set()

    consumer = core.consumer([LEDGER_FACTS], handle)
    app = core.app(
        migrations=MIGRATIONS,
        loops={"ledger-facts": consumer.run, "posting-worker": worker.run},
        on_stop=[gateway.close],
    )
    app.state.runtime = Runtime(settings, core.db, secrets, gateway, worker, replanner)
    app.include_router(admin.router)
    return app
