"""The real services under `LocalStack`: healthy, exporting metrics, and gone after stop."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from jembatan.devstack.dashboards import dashboard_metrics, exposed_series
from jembatan.devstack.demo_tenant import DEMO_TENANT, connect_demo_tenant
from jembatan.devstack.procinfo import running
from jembatan.devstack.pytest_plugin import UniqueName, start_stack
from jembatan.devstack.services import SERVICES
from jembatan.devstack.stack import LocalStack

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


ROOT = Path(__file__).resolve().parents[2]
HAS_ACCURATE = _exists("jembatan.sandbox.accurate.__main__")
HAS_ISELLER = _exists("jembatan.sandbox.iseller.__main__")


@pytest.fixture(scope="module")
async def real_stack(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str, unique_name: UniqueName
) -> AsyncIterator[LocalStack]:
    stack = start_stack(
        tmp_path_factory.mktemp("real"),
        accurate=HAS_ACCURATE,
        iseller=HAS_ISELLER,
        database_url=postgres_url,
        schema_prefix=unique_name("s") + "_",
    )
    async with stack:
        pids = [child.pid for child in stack.children.values()]
        pids += [stack.broker.child.pid] if stack.broker and stack.broker.child else []
        yield stack
    assert [pid for pid in pids if running(pid)] == [], "a child outlived the stack"


async def test_all_four_services_answer_healthz_and_metrics(real_stack: LocalStack) -> None:
    async with httpx.AsyncClient() as client:
        for name in SERVICES:
            assert (await client.get(f"{real_stack.urls[name]}/healthz")).status_code == 200
            metrics = await client.get(f"{real_stack.urls[name]}/metrics")
            assert metrics.status_code == 200 and "jembatan_" in metrics.text


ADMIN_READS = {
    "ingest": "/admin/tenants/t1/parked",
    "mapper": "/admin/tenants/t1/parked",
    "poster": "/admin/tenants/t1/documents",
    "scheduler": "/admin/tenants/t1/schedules",
}


async def test_admin_routes_take_the_stack_token_and_refuse_any_other(real_stack: LocalStack) -> None:
    good = {"Authorization": f"Bearer {real_stack.admin_token}"}
    async with httpx.AsyncClient() as client:
        for name, path in ADMIN_READS.items():
            url = f"{real_stack.urls[name]}{path}"
            assert (await client.get(url)).status_code == 401
            assert (await client.get(url, headers={"Authorization": "Bearer nope"})).status_code == 401
            assert (await client.get(url, headers=good)).status_code != 401


@pytest.mark.skipif(not HAS_ACCURATE, reason="the Accurate sandbox has no CLI yet")
async def test_the_accurate_sandbox_answers_on_both_hosts(real_stack: LocalStack) -> None:
    async with httpx.AsyncClient() as client:
        for url in (real_stack.accurate.account_url, real_stack.accurate.data_url):
            assert (await client.get(url)).status_code < 500


async def test_every_dashboard_metric_is_declared_on_some_service_metrics_page(
    real_stack: LocalStack,
) -> None:
    async with httpx.AsyncClient() as client:
        pages = [(await client.get(f"{real_stack.urls[name]}/metrics")).text for name in SERVICES]
    exposed = set().union(*(exposed_series(page) for page in pages))
    assert dashboard_metrics(ROOT / "deploy/grafana/dashboards/jembatan.json") <= exposed


@pytest.mark.skipif(not HAS_ACCURATE, reason="the Accurate sandbox has no CLI yet")
async def test_make_up_configures_the_demo_tenant_once_and_every_service_learns_it(
    real_stack: LocalStack,
) -> None:
    assert await connect_demo_tenant(real_stack) == DEMO_TENANT
    token = {"Authorization": f"Bearer {real_stack.admin_token}"}
    base = f"/admin/tenants/{DEMO_TENANT}"
    async with httpx.AsyncClient(headers=token, timeout=30) as client:
        saved = (await client.get(f"{real_stack.urls['ingest']}{base}/configuration")).json()
        assert saved["version"] == 1 and saved["accurate"]["method"] == "api_token"
        for name in ("mapper", "poster"):  # learnt from tenant.config.v1, never told directly
            held = (await client.get(f"{real_stack.urls[name]}{base}/configuration")).json()
            assert held["version"] == 1, name
        master = (await client.get(f"{real_stack.urls['mapper']}{base}/master-data")).json()
    assert master["accounts"], "the console's pickers would be empty"


def test_the_services_log_json_lines_to_their_own_files(real_stack: LocalStack) -> None:
    for name in SERVICES:
        first = real_stack.log_path(name).read_text().splitlines()[0]
        assert first.startswith("{") and f'"{name}"' in first
