"""Finding 8: every operation of every service, fuzzed from its OpenAPI document, with and without
the admin token, against the real app on PostgreSQL and the real broker: no 5xx ever, and every
4xx answer in the documented error shape.

Each service runs with uvicorn (lifespan on: migrations, relay, consumers) in one background
thread. Hypothesis is derandomized (the same examples on every run, CI included), 50 per
operation and token mode (fewer for operations whose inputs have fewer distinct values).
"""

from __future__ import annotations

import asyncio
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs  # schemathesis's own validator
import pytest
import schemathesis
import uvicorn
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from jembatan.devstack.ports import free_port
from jembatan.devstack.pytest_plugin import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TOKEN = "fuzz-admin-token-0123456789abcdef0123456789abcdef"
EXAMPLES = 50

# Operations of ingest that still fail (ingest is fixed by its own work): their failures are shown
# as warnings in the pytest summary instead of failing the run; a failure anywhere else fails it.
# Operations of ingest allowed to fail while a fix is pending (none today: keep it empty).
KNOWN_INGEST_FAILURES: set[str] = set()


def _builders() -> dict[str, tuple[Callable[[Any], FastAPI], Callable[..., Any]]]:
    from jembatan.ingest.bootstrap import build_app as ingest_app
    from jembatan.ingest.config import IngestSettings
    from jembatan.mapper.bootstrap import build_app as mapper_app
    from jembatan.mapper.config import MapperSettings
    from jembatan.poster.bootstrap import build_app as poster_app
    from jembatan.poster.config import PosterSettings
    from jembatan.scheduler.bootstrap import build_app as scheduler_app
    from jembatan.scheduler.config import SchedulerSettings

    return {
        "ingest": (ingest_app, lambda **kw: IngestSettings(consume_triggers=False, **kw)),
        "mapper": (mapper_app, lambda **kw: MapperSettings(accurate_account_url="http://127.0.0.1:1", **kw)),
        "poster": (poster_app, PosterSettings),
        "scheduler": (scheduler_app, SchedulerSettings),
    }


BUILDERS = _builders()
OFFLINE = "postgresql+asyncpg://nobody@127.0.0.1:1/none"  # never connected: only the routes are read
DOCUMENTS = {
    name: build(make(environment="development", database_url=OFFLINE)).openapi()
    for name, (build, make) in BUILDERS.items()
}
SCHEMAS = {name: schemathesis.openapi.from_dict(document) for name, document in DOCUMENTS.items()}


class Services:
    """The four services served by uvicorn on free loopback ports, in one background event loop."""

    def __init__(self, apps: dict[str, FastAPI]) -> None:
        self.apps = apps
        self.urls: dict[str, str] = {}
        self.servers: list[uvicorn.Server] = []
        self.ready = threading.Event()
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)

    async def _serve(self) -> None:
        tasks = []
        try:
            for name, app in self.apps.items():
                port = free_port()
                server = uvicorn.Server(
                    uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
                )
                self.servers.append(server)
                tasks.append(asyncio.create_task(server.serve()))
                while not server.started:
                    if tasks[-1].done():
                        tasks[-1].result()
                    await asyncio.sleep(0.02)
                self.urls[name] = f"http://127.0.0.1:{port}"
        except BaseException as exc:
            self.failed = exc
        finally:
            self.ready.set()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> Services:
        self.thread.start()
        self.ready.wait(120)
        if self.failed is not None or len(self.urls) != len(self.apps):
            self.__exit__()
            raise RuntimeError(f"services did not start: {self.failed!r}")
        return self

    def __exit__(self, *_: object) -> None:
        for server in self.servers:
            server.should_exit = True
        self.thread.join(60)


@pytest.fixture(scope="module")
def services(postgres_url: str, kafka_bootstrap: str, unique_name: Callable[..., str]) -> Iterator[Services]:
    apps = {}
    for name, (build, make) in BUILDERS.items():
        apps[name] = build(
            make(
                environment="development", database_url=postgres_url, db_schema=unique_name(f"fuzz_{name}"),
                admin_token=TOKEN,
                kafka_bootstrap=kafka_bootstrap, kafka_session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
                kafka_heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
            )
        )  # fmt: skip
    # The servers share this process with the test: hand the GIL over fast, or every request
    # waits several 5 ms switch intervals between the two threads.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    try:
        with Services(apps) as running:
            yield running
    finally:
        sys.setswitchinterval(interval)


def documented_refusal(service: str, case: Any, status: int) -> dict[str, Any] | None:
    """The JSON schema the service documents for `status` on this operation (4XX as fallback)."""
    document = DOCUMENTS[service]
    operation = document["paths"][case.operation.path].get(case.method.lower())
    if operation is None:  # a method the path does not have (405): the platform's refusal shape
        return {"$ref": "#/components/schemas/ErrorReply", "components": document["components"]}
    responses = operation.get("responses", {})
    answer = responses.get(str(status)) or (responses.get(f"{str(status)[0]}XX") if status < 500 else None)
    if answer is None:
        return None
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else {**schema, "components": document.get("components", {})}


def check(service: str, case: Any, response: Any) -> None:
    """No 5xx (but a documented 502: Accurate or iSeller failed), every refusal in its documented shape."""
    status, label = response.status_code, f"{case.operation.label} → {response.status_code}"
    schema = documented_refusal(service, case, status) if status >= 400 else None
    assert status < 500 or (status == 502 and schema is not None), f"{label}: {response.text[:500]}"
    if status >= 400:
        assert schema is not None, f"{label} is not documented"
        try:
            body = response.json()
        except ValueError:
            pytest.fail(f"{label}: not JSON: {response.text[:300]!r}")
        problems = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
        assert not problems, f"{label}: {body!r} does not match the documented refusal: {problems}"


def fuzz(service: str, with_token: bool) -> Callable[..., None]:
    headers = {"Authorization": f"Bearer {TOKEN}"} if with_token else {}

    @SCHEMAS[service].parametrize()
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.generate],
    )  # fmt: skip
    def test(case: Any, services: Services) -> None:
        call_headers = {**(case.headers or {}), **headers}
        if not with_token:
            call_headers.pop("Authorization", None)
        response = case.call(base_url=services.urls[service], headers=call_headers, timeout=60)
        try:
            check(service, case, response)
        except AssertionError as failure:
            if service != "ingest" or case.operation.label not in KNOWN_INGEST_FAILURES:
                raise
            warnings.warn(f"known ingest failure still fails: {failure}", stacklevel=1)

    return test


for _service in BUILDERS:
    globals()[f"test_{_service}_with_the_admin_token"] = fuzz(_service, True)
    globals()[f"test_{_service}_without_a_token"] = fuzz(_service, False)
