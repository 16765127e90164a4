"""Run a service's FastAPI app with uvicorn: what every `python -m jembatan.<service>` calls."""

from __future__ import annotations

import asyncio

import uvicorn
from fastapi import FastAPI

from .db import ensure_reachable
from .logging import configure_logging
from .settings import ServiceSettings

serving = False  # True in a process started by `serve` (each uvicorn worker imports this anew)


def serve(app: FastAPI | str, settings: ServiceSettings) -> None:
    """Serve `app` in this process; or, given the import string of an app factory
    (`"package.module:function"`), in `JEMBATAN_WORKERS` worker processes sharing the port, each
    building its own app (its own pools, relay and consumers)."""
    mark_serving()
    configure_logging(settings.service_name, settings.log_level)
    if settings.database_url:  # unreachable: one line and a non-zero exit, not a lifespan traceback
        asyncio.run(ensure_reachable(settings.database_url))
    if isinstance(app, str):
        uvicorn.run(
            app, factory=True, workers=settings.workers, host=settings.http_host, port=settings.http_port,
            log_config=None, access_log=False,
        )  # fmt: skip
        return
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None, access_log=False)


def mark_serving() -> None:
    """This process serves a service (`serve`, or a worker's app factory under `JEMBATAN_WORKERS`)."""
    global serving
    serving = True
