"""The outbox relay in a process of its own (`JEMBATAN_RELAY=process`), beside the HTTP process.

The relay's queries and the Kafka producer (aiokafka's batching and socket writes) then use their
own interpreter, not the event loop that answers webhooks (docs/performance.md, round four). The
HTTP process starts it and keeps it running (`RelayProcess.run`, restarted a second after it ends),
and the two talk through the child's standard streams:

- parent → child: a byte on stdin is a nudge ("rows were stored, relay now"), written at most once
  per event-loop pass however many webhooks were stored in it; end of stdin stops the child, so a
  relay never outlives the process that started it;
- child → parent: one line per relayed batch, `"<sent> <dead-lettered>"`, which the parent adds to
  its own `jembatan_outbox_relayed_total` / `jembatan_outbox_dead_lettered_total`. `/metrics` of the
  HTTP process stays the one place to scrape: the stuck-outbox alert (pending > 0, nothing relayed)
  still fires, and `/readyz` says "relay process not running" while the child is down.

The child reads the same `JEMBATAN_*` settings; the parent passes what the relay needs as it has
it (service name, schema, database, broker).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import IO

from .db import Database
from .kafka import KafkaPublisher
from .logging import configure_logging
from .metrics import OUTBOX_DEAD_LETTERED, OUTBOX_RELAYED
from .outbox import OutboxRelay
from .readiness import Check
from .settings import ServiceSettings

log = logging.getLogger(__name__)

RESTART_AFTER_SECONDS = 1.0
STOP_WITHIN_SECONDS = 5.0


class RelayProcess:
    """Starts, feeds and watches the relay's own process (in the HTTP process)."""

    def __init__(self, settings: ServiceSettings, relay: OutboxRelay) -> None:
        self.settings = settings
        self.relay = relay  # the HTTP process's own: counts the outbox for scrapes and admin routes
        self.process: asyncio.subprocess.Process | None = None
        self.exit_code: int | None = None
        self._nudge_due = False

    def nudge(self) -> None:
        """Wake the relay: one byte at the end of this event-loop pass, however many ask in it."""
        if self._nudge_due or self.process is None:
            return
        self._nudge_due = True
        asyncio.get_running_loop().call_soon(self._send_nudge)

    def _send_nudge(self) -> None:
        self._nudge_due = False
        process = self.process
        if process is not None and process.stdin is not None and not process.stdin.is_closing():
            process.stdin.write(b"!")

    def check(self) -> Check:
        """Readiness: the relay's process is running."""

        async def running() -> str | None:
            if self.process is not None and self.process.returncode is None:
                return None
            return f"relay process not running (last exit code {self.exit_code})"

        return running

    async def run(self) -> None:
        """Keep the child running until cancelled; then close its stdin and wait for it."""
        settings = self.settings
        env = {  # what the relay needs, as this process has it (tests set it without the environment)
            **os.environ,
            "JEMBATAN_SERVICE_NAME": settings.service_name,
            "JEMBATAN_ENVIRONMENT": settings.environment,
            "JEMBATAN_LOG_LEVEL": settings.log_level,
            "JEMBATAN_DB_SCHEMA": settings.schema_name,
            "JEMBATAN_DATABASE_URL": settings.resolved_database_url,
            "JEMBATAN_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
            "JEMBATAN_KAFKA_IDEMPOTENT": str(settings.kafka_idempotent).lower(),
            "JEMBATAN_RELAY_LINGER_MS": str(settings.relay_linger_ms),
        }
        while True:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", __name__, stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            try:
                await self._count(self.process)
                self.exit_code = await self.process.wait()
            except asyncio.CancelledError:
                await self._stop(self.process)
                raise
            log.error("relay process ended; starting it again", extra={"exit_code": self.exit_code})
            await asyncio.sleep(RESTART_AFTER_SECONDS)

    async def _count(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        service = self.settings.service_name
        async for line in process.stdout:
            sent, _, dead = line.decode("ascii", "replace").partition(" ")
            with contextlib.suppress(ValueError):
                if int(sent):
                    OUTBOX_RELAYED.labels(service).inc(int(sent))
                if int(dead):
                    OUTBOX_DEAD_LETTERED.labels(service).inc(int(dead))

    @staticmethod
    async def _stop(process: asyncio.subprocess.Process) -> None:
        if process.stdin is not None:
            process.stdin.close()  # end of stdin: the child finishes its batch and exits
        try:
            await asyncio.wait_for(process.wait(), timeout=STOP_WITHIN_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def _report_to(stream: IO[bytes]) -> Callable[[int, int], None]:
    def report(sent: int, dead: int) -> None:
        stream.write(f"{sent} {dead}\n".encode())
        stream.flush()

    return report


async def relay_until_stdin_ends(settings: ServiceSettings) -> None:
    """The child: relay this service's outbox, woken by bytes on stdin, until stdin ends."""
    db = Database(settings.resolved_database_url, settings.schema_name)
    publisher = KafkaPublisher(settings)
    relay = OutboxRelay(db, publisher, service=settings.service_name, linger=settings.relay_linger_ms / 1000)
    relay.report = _report_to(sys.stdout.buffer)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    relaying = asyncio.create_task(relay.run())
    try:
        while await stdin.read(4096):
            relay.nudge()
    finally:
        relaying.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await relaying
        await publisher.close()
        await db.dispose()


def main() -> None:
    # Ctrl-C or a SIGTERM to the process group reaches the parent too: the child leaves when the
    # parent closes its stdin (or dies), having finished the batch in hand.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    settings = ServiceSettings()
    configure_logging(settings.service_name, settings.log_level)
    try:
        import uvloop

        uvloop.run(relay_until_stdin_ends(settings))
    except ImportError:  # pragma: no cover - uvloop is a platform dependency
        asyncio.run(relay_until_stdin_ends(settings))


if __name__ == "__main__":
    main()
