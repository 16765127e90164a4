"""What every service is made of, wired the same way: its database, a Kafka publisher, the outbox
relay (and its admin routes), background loops that live as long as the HTTP app, `/healthz` once
migrations ran, and `/readyz`: the database and the broker reachable, plus any check the service
adds to `readiness`."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from . import serve
from .background import BackgroundLoops
from .consumer import Handler, IdempotentConsumer
from .db import Database
from .errors import install_error_handling
from .http import create_service_app
from .kafka import KafkaPublisher
from .outbox import OutboxRelay
from .outbox_admin import outbox_router, recount_before_scrape
from .readiness import Readiness, broker_check, database_check
from .relay_process import RelayProcess
from .settings import ServiceSettings

LoopFactory = Callable[[], Coroutine[Any, Any, Any]]


class ServiceCore:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url, settings.schema_name)
        self.publisher = KafkaPublisher(settings)
        self.relay = OutboxRelay(self.db, self.publisher, service=settings.service_name)
        self.readiness = Readiness()
        self.readiness.add("database", database_check(self.db))
        self.readiness.add("broker", broker_check(settings.kafka_bootstrap))

    @property
    def relay_in_own_process(self) -> bool:
        """`JEMBATAN_RELAY=process` in a served process on PostgreSQL (tests building apps in-process
        and SQLite development keep the relay in the HTTP process)."""
        return self.settings.relay == "process" and serve.serving and self.db.is_postgres

    def consumer(self, topics: list[str], handler: Handler, *, name: str | None = None) -> IdempotentConsumer:
        """An idempotent consumer whose dead letters go out through this service's publisher."""
        return IdempotentConsumer(
            self.settings,
            self.db,
            consumer=name or self.settings.service_name,
            topics=topics,
            handler=handler,
            dead_letters=self.publisher,
        )

    def app(
        self,
        *,
        migrations: Path,
        loops: Mapping[str, LoopFactory],
        on_stop: Sequence[Callable[[], Awaitable[None]]] = (),
    ) -> FastAPI:
        """The service's FastAPI app: migrate, start the relay and `loops`, serve; on shutdown stop
        the loops, run `on_stop` in order, then close Kafka and the database."""
        background = BackgroundLoops()
        self.readiness.add("loops", background.check)  # a relay, consumer or worker that ended
        state = {"ready": False}

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.db.migrate(migrations)
            if self.relay_in_own_process:
                own = RelayProcess(self.settings, self.relay)
                self.relay.forward = own.nudge
                self.readiness.add("relay", own.check())
                background.start("outbox-relay-process", own.run())
            else:
                background.start("outbox-relay", self.relay.run())
            for name, loop in loops.items():
                background.start(name, loop())
            state["ready"] = True
            if serve.serving:  # a service process, not a test building apps by the hundred
                gc.collect()  # what start-up left behind, then the rest (modules, app, pools) set aside:
                gc.freeze()  # full collections no longer walk it, so they stop pausing requests for long
            yield
            state["ready"] = False
            await background.stop()
            self.relay.forward = None
            for stop in on_stop:
                await stop()
            await self.publisher.close()
            await self.db.dispose()

        app = create_service_app(
            self.settings.service_name,
            admin_token=self.settings.admin_token.get_secret_value(),
            secret_key=self.settings.secret_key_bytes,
            max_in_flight=self.settings.max_requests_in_flight,
            operator_token_max_days=self.settings.operator_token_max_days,
            lifespan=lifespan,
            ready=lambda: state["ready"],
            before_scrape=recount_before_scrape(self.relay),
        )
        install_error_handling(app)
        app.include_router(outbox_router(self.relay))

        @app.get("/readyz", tags=["operations"])
        async def readyz() -> JSONResponse:
            """200 when every check passes; 503 with each failing check's reason otherwise."""
            if not state["ready"]:
                return JSONResponse({"status": "starting", "checks": {}}, status_code=503)
            report = await self.readiness.report()
            return JSONResponse(report.as_json(), status_code=200 if report.ready else 503)

        return app
