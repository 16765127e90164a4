"""`python -m jembatan.devstack`: the topics, broker and demo commands."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from jembatan.devstack import cli
from jembatan.devstack.broker import start_tansu
from jembatan.devstack.procinfo import pids_with_cmdline
from jembatan.devstack.topics import run_sync, standard_topics

pytestmark = pytest.mark.integration


def test_topics_on_a_broker_that_has_them_changes_nothing(
    kafka_bootstrap: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["topics", "--bootstrap", kafka_bootstrap, "--wait", "5"]) == 0
    assert f"created none; all {len(standard_topics())} present" in capsys.readouterr().out


def test_topics_on_a_new_broker_creates_every_topic_with_the_given_partitions(tmp_path: Path) -> None:
    with start_tansu(tmp_path) as broker:
        assert cli.main(["topics", "--bootstrap", broker.bootstrap, "--partitions", "2"]) == 0
        partitions = run_sync(_partitions(broker.bootstrap))
    assert partitions == dict.fromkeys(standard_topics(), 2)


async def _partitions(bootstrap: str) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics(standard_topics())}
    finally:
        await admin.close()


def test_broker_prints_its_bootstrap_and_leaves_nothing_after_ctrl_c() -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "jembatan.devstack", "broker"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert run.stdout is not None
        line = run.stdout.readline().strip()
        assert line.startswith("export JEMBATAN_KAFKA_BOOTSTRAP=127.0.0.1:")
        address = line.split("=", 1)[1]
        assert pids_with_cmdline(f"tcp://{address}")
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=10) == 0
        assert pids_with_cmdline(f"tcp://{address}") == []
    finally:
        run.kill()
        run.wait()


def test_demo_dispatches_to_the_demo_module(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def main(argv: list[str]) -> int:
        calls.append(argv)
        return 7

    fake = type(sys)("jembatan.devstack.demo")
    fake.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jembatan.devstack.demo", fake)
    monkeypatch.setattr(sys, "argv", ["jembatan.devstack"])  # run_demo rewrites argv for the demo
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: object())
    assert cli.main(["demo", "--fast"]) == 7
    assert calls == [["--fast"]]
