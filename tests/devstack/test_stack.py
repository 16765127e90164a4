"""`LocalStack` with stand-in services: it starts, wires, exposes and stops everything."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from jembatan.devstack.processes import ChildExited
from jembatan.devstack.procinfo import running
from jembatan.devstack.sandboxes import ArgvFactory
from jembatan.devstack.services import ServiceSpec
from jembatan.devstack.stack import LocalStack
from jembatan.devstack.topics import standard_topics

pytestmark = pytest.mark.integration

HERE = Path(__file__).parent
FAKE_SERVICE = [sys.executable, str(HERE / "fake_service.py")]


def fake_sandbox(mode: str, *port_names: str) -> ArgvFactory:
    return lambda ports: [
        sys.executable,
        str(HERE / "fake_sandbox.py"),
        mode,
        *(str(ports[p]) for p in port_names),
    ]


def fake_stack(run_dir: Path, **options: object) -> LocalStack:
    specs = options.pop("services", None) or [
        ServiceSpec("alpha", FAKE_SERVICE),
        ServiceSpec("beta", FAKE_SERVICE),
    ]
    return LocalStack(
        run_dir=run_dir,
        services=specs,  # type: ignore[arg-type]
        iseller=True,
        accurate_command=fake_sandbox("accurate", "account", "data"),
        iseller_command=fake_sandbox("iseller", "api"),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LocalStack]:
    async with fake_stack(tmp_path_factory.mktemp("stack"), schema_prefix="e2e_") as running_stack:
        yield running_stack


async def test_every_service_is_healthy_and_reachable_by_name(stack: LocalStack) -> None:
    async with httpx.AsyncClient() as client:
        for name in ("alpha", "beta"):
            assert (await client.get(f"{stack.urls[name]}/healthz")).status_code == 200
        assert (await client.get(stack.accurate.account_url)).status_code == 200
        assert (await client.get(stack.accurate.data_url)).status_code == 200
        assert (await client.get(stack.iseller.url)).status_code == 200
        assert stack.urls["iseller"] == stack.iseller.url


async def test_each_service_gets_its_own_port_token_schema_and_the_tansu_timeouts(stack: LocalStack) -> None:
    async with httpx.AsyncClient() as client:
        env = (await client.get(f"{stack.urls['alpha']}/env")).json()
    assert env["JEMBATAN_HTTP_PORT"] == str(stack.ports["alpha"])
    assert env["JEMBATAN_KAFKA_BOOTSTRAP"] == stack.kafka_bootstrap
    assert env["JEMBATAN_KAFKA_IDEMPOTENT"] == "false"
    assert (env["JEMBATAN_KAFKA_SESSION_TIMEOUT_MS"], env["JEMBATAN_KAFKA_HEARTBEAT_INTERVAL_MS"]) == (
        "1500",
        "300",
    )
    assert env["JEMBATAN_ADMIN_TOKEN"] == stack.admin_token
    assert env["JEMBATAN_DB_SCHEMA"] == "e2e_alpha"
    assert env["JEMBATAN_DATA_DIR"] == str(stack.run_dir / "data")
    assert "JEMBATAN_DATABASE_URL" not in env  # SQLite files in the run directory by default


async def test_a_postgres_url_is_handed_to_every_service(tmp_path: Path, postgres_url: str) -> None:
    async with fake_stack(tmp_path, database_url=postgres_url) as stack, httpx.AsyncClient() as client:
        env = (await client.get(f"{stack.urls['beta']}/env")).json()
    assert (env["JEMBATAN_DATABASE_URL"], env["JEMBATAN_DB_SCHEMA"]) == (postgres_url, "beta")


def test_a_sandbox_the_stack_does_not_run_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LookupError, match="iSeller"):
        _ = LocalStack(run_dir=tmp_path, iseller=False).iseller


async def test_the_standard_topics_exist_and_each_child_logs_to_its_own_file(stack: LocalStack) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka_bootstrap)
    await admin.start()
    try:
        assert set(standard_topics()) <= set(await admin.list_topics())
    finally:
        await admin.close()
    for name in ("alpha", "beta", "accurate", "iseller"):
        assert stack.log_path(name).exists()
    assert '"starting"' in stack.log_path("alpha").read_text()


def test_leaving_the_block_stops_every_child_and_grandchild(tmp_path: Path) -> None:
    pidfile = tmp_path / "grandchild.pid"
    spec = ServiceSpec("alpha", FAKE_SERVICE, env={"JEMBATAN_FAKE_GRANDCHILD_PIDFILE": str(pidfile)})
    with fake_stack(tmp_path / "run", services=[spec]) as stack:
        pids = [child.pid for child in stack.children.values()]
        assert stack.broker is not None and stack.broker.child is not None
        pids += [stack.broker.child.pid, int(pidfile.read_text())]
        assert all(running(pid) for pid in pids)
    assert [pid for pid in pids if running(pid)] == []


async def test_replicas_run_a_service_twice_with_the_same_settings_and_stop_with_the_stack(
    tmp_path: Path,
) -> None:
    async with fake_stack(tmp_path, schema_prefix="r_", replicas={"alpha": 2}) as stack:
        async with httpx.AsyncClient() as client:
            first, second = [(await client.get(f"{stack.urls[n]}/env")).json() for n in ("alpha", "alpha-2")]
        assert first["JEMBATAN_HTTP_PORT"] != second["JEMBATAN_HTTP_PORT"]
        same = (
            "JEMBATAN_DB_SCHEMA",
            "JEMBATAN_KAFKA_BOOTSTRAP",
            "JEMBATAN_ADMIN_TOKEN",
            "JEMBATAN_SECRET_KEY",
        )
        assert [second[k] for k in same] == [first[k] for k in same]
        assert first["JEMBATAN_DB_SCHEMA"] == "r_alpha"
        assert stack.log_path("alpha-2").exists() and "beta-2" not in stack.children
        pids = [stack.children[n].pid for n in ("alpha", "alpha-2")]
    assert [pid for pid in pids if running(pid)] == []


async def test_a_service_that_dies_fails_the_start_with_its_log_and_stops_the_rest(tmp_path: Path) -> None:
    crashing = ServiceSpec("gamma", FAKE_SERVICE, env={"JEMBATAN_FAKE_CRASH": "1"})
    stack = fake_stack(tmp_path, services=[ServiceSpec("alpha", FAKE_SERVICE), crashing])
    with pytest.raises(ChildExited, match="fake service refuses to start"):
        await stack.start()
    assert [name for name, child in stack.children.items() if child.alive()] == []
    assert stack.broker is not None and stack.broker.child is not None and not stack.broker.child.alive()


def test_a_killed_runner_takes_its_whole_stack_with_it(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(HERE)!r})
        from pathlib import Path
        from test_stack import fake_stack
        with fake_stack(Path({str(tmp_path)!r})) as stack:
            pids = [c.pid for c in stack.children.values()] + [stack.broker.child.pid]
            print(" ".join(map(str, pids)), flush=True)
            time.sleep(120)
        """
    )
    runner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        pids = [int(p) for p in runner.stdout.readline().split()]
        assert len(pids) == 5 and all(running(p) for p in pids)
        runner.send_signal(signal.SIGKILL)
        runner.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p for p in pids if running(p)] == []
    finally:
        runner.kill()
        runner.wait()
