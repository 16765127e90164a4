"""The sending lease is a setting (`JEMBATAN_SENDING_LEASE_SECONDS`, default 45 s): when a replica
dies, its tenants wait that long for another one. The poster refuses to start with a lease that is
not longer than a call to Accurate may last (`JEMBATAN_ACCURATE_TIMEOUT_SECONDS`, default 30 s)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from engine_fakes import Clock, FakeAccurate, FakeGateway, FakeLedger, document
from jembatan.poster.bootstrap import build_app
from jembatan.poster.config import PosterSettings
from jembatan.poster.service_layer.sender import PostingWorker
from pydantic import ValidationError


def settings_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> PosterSettings:
    monkeypatch.setenv("JEMBATAN_ENVIRONMENT", "development")
    monkeypatch.setenv("JEMBATAN_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PosterSettings(_env_file=None)  # type: ignore[call-arg]


def replica(
    name: str, settings: PosterSettings, ledger: FakeLedger, accurate: FakeAccurate, clock: Clock
) -> PostingWorker:
    """The worker a poster process builds from `settings`; its name, ledger, Accurate and clock faked
    (two replicas in one test process would otherwise share the host-and-pid name)."""
    worker: PostingWorker = build_app(settings).state.runtime.worker
    worker.replica, worker.ledger, worker.clock = name, ledger, clock
    worker.gateway = FakeGateway({"t1": accurate})
    return worker


async def test_a_dead_replicas_tenant_is_taken_over_once_the_configured_lease_expires(monkeypatch, tmp_path):
    settings = settings_from_env(
        monkeypatch, tmp_path, JEMBATAN_SENDING_LEASE_SECONDS="12", JEMBATAN_ACCURATE_TIMEOUT_SECONDS="10"
    )
    assert build_app(settings).state.runtime.gateway.timeout == 10  # the poster's Accurate clients'
    clock, ledger = Clock(), FakeLedger().add(document("SI-1"))
    hung = FakeAccurate(gate=asyncio.Event())  # its call never answers: the replica is as good as dead
    dead = replica("dead", settings, ledger, hung, clock)
    survivor = replica("survivor", settings, ledger, FakeAccurate(), clock)
    try:
        assert await dead.schedule() == ["t1"]
        while ledger.state("t1:SI-1") != "sending":
            await asyncio.sleep(0.01)
        assert ledger.leases["t1"].until == clock.now + timedelta(seconds=12)

        clock.advance(11.9)  # the lease still holds: nobody else sends for the tenant
        assert await survivor.schedule() == []
        clock.advance(0.2)  # expired (45 s by default)
        assert await survivor.schedule() == ["t1"]
        await asyncio.gather(*survivor.tasks.values())
        assert ledger.state("t1:SI-1") == "posted"  # looked up first (it was `sending`), then sent once
    finally:
        await dead.stop()


@pytest.mark.parametrize(("lease", "timeout"), [("30", None), ("20", None), ("45", "45"), ("45", "60")])
def test_a_lease_not_longer_than_a_call_is_refused(monkeypatch, tmp_path, lease: str, timeout: str | None):
    env = {"JEMBATAN_SENDING_LEASE_SECONDS": lease}
    if timeout is not None:
        env["JEMBATAN_ACCURATE_TIMEOUT_SECONDS"] = timeout
    with pytest.raises(ValidationError, match=f"JEMBATAN_SENDING_LEASE_SECONDS \\({lease}\\) must be longer than "
                       f"JEMBATAN_ACCURATE_TIMEOUT_SECONDS \\({timeout or 30}\\)"):  # fmt: skip
        settings_from_env(monkeypatch, tmp_path, **env)


def test_the_poster_does_not_start_with_a_lease_shorter_than_a_call(tmp_path):
    env = {
        **os.environ,
        "JEMBATAN_ENVIRONMENT": "development",
        "JEMBATAN_DATA_DIR": str(tmp_path),
        "JEMBATAN_KAFKA_BOOTSTRAP": "127.0.0.1:9",  # never reached: it must stop before
        "JEMBATAN_SENDING_LEASE_SECONDS": "20",
    }
    started = subprocess.run(
        [sys.executable, "-m", "jembatan.poster"], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert started.returncode != 0
    refusal = "JEMBATAN_SENDING_LEASE_SECONDS (20) must be longer than JEMBATAN_ACCURATE_TIMEOUT_SECONDS (30)"
    assert refusal in started.stderr
