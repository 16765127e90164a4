"""Run a service's FastAPI app with uvicorn: what every `python -m jembatan.<service>` calls."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from .logging import configure_logging
from .settings import ServiceSettings


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    configure_logging(settings.service_name, settings.log_level)
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None, access_log=False)
