"""`/readyz`: is this service able to do its work right now, and if not, why.

A check is an async callable that returns None when all is well, or the reason in a few words
when not (it may also raise: the error becomes the reason). Every service gets "database" and
"broker"; a service adds its own with `ServiceCore.readiness.add(name, check)` — e.g. the poster's
"Accurate reachable per tenant". Checks run concurrently, each under a short timeout, and the
answer is cached for a few seconds so that probes cannot hammer the database or the broker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiokafka import AIOKafkaClient
from sqlalchemy import text

from .db import Database

Check = Callable[[], Awaitable[str | None]]

OK = "ok"


@dataclass(frozen=True)
class ReadinessReport:
    ready: bool
    checks: dict[str, str]  # name → "ok" or the reason it is not

    def as_json(self) -> dict[str, object]:
        return {"status": "ready" if self.ready else "not ready", "checks": self.checks}


@dataclass
class Readiness:
    timeout: float = 3.0  # seconds each check may take before it counts as failed
    cache_seconds: float = 2.0
    checks: dict[str, Check] = field(default_factory=dict)
    _cached: tuple[float, ReadinessReport] | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def add(self, name: str, check: Check) -> None:
        """Add (or replace) a named check; its reason shows up under `checks.<name>` in `/readyz`."""
        self.checks[name] = check

    async def report(self) -> ReadinessReport:
        async with self._lock:  # concurrent probes share one round of checks
            if self._cached and time.monotonic() - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            names = list(self.checks)
            reasons = await asyncio.gather(*(self._run(self.checks[n]) for n in names))
            results = {name: reason or OK for name, reason in zip(names, reasons, strict=True)}
            report = ReadinessReport(ready=all(r == OK for r in results.values()), checks=results)
            self._cached = (time.monotonic(), report)
            return report

    async def _run(self, check: Check) -> str | None:
        try:
            return await asyncio.wait_for(check(), timeout=self.timeout)
        except TimeoutError:
            return f"no answer within {self.timeout:g}s"
        except Exception as error:  # the reason is the point: report it, whatever it is
            return f"{type(error).__name__}: {error}"[:300]


def database_check(db: Database) -> Check:
    """The database answers a trivial query."""

    async def check() -> str | None:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return None

    return check


def broker_check(bootstrap: str, *, timeout: float = 2.0) -> Check:
    """The broker answers a metadata request (a fresh connection each time, so a restarted broker
    is seen as soon as it is back)."""

    async def check() -> str | None:
        client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
        try:
            await client.bootstrap()
        except Exception:
            return f"broker {bootstrap} unreachable"
        finally:
            await client.close()
        return None

    return check
