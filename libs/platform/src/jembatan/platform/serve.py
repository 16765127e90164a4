"""Run a service's FastAPI app with uvicorn: what every `python -m jembatan.<service>` calls."""

from __future__ import annotations

import asyncio

import uvicorn
from fastapi import FastAPI

from .db import ensure_reachable
from .logging import configure_logging
from .settings import ServiceSettings


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    configure_logging(settings.service_name, settings.log_level)
    if settings.database_url:  # unreachable: one line and a non-zero exit, not a lifespan traceback
        asyncio.run(ensure_reachable(settings.database_url))
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None, access_log=False)
