"""`python -m jembatan.devstack`: the topics, broker and demo commands."""

from __future__ import annotations

import os
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


def _up(run_dir: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "jembatan.devstack", "up", "--run-dir", str(run_dir),
               "--services", "ingest,console", "--no-accurate"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def _until_up(run: subprocess.Popen[str]) -> list[str]:
    assert run.stdout is not None
    lines = []
    for line in run.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl-C stops everything"):
            return lines
    raise AssertionError("the stack did not come up:\n" + "\n".join(lines))


def _ctrl_c(run: subprocess.Popen[str]) -> tuple[int, str]:
    """What a terminal does on Ctrl-C: SIGINT to the whole foreground process group."""
    os.killpg(run.pid, signal.SIGINT)
    rest, _ = run.communicate(timeout=60)
    return run.returncode, rest


def test_up_prints_the_console_first_keeps_its_ports_and_stops_quietly_on_one_ctrl_c(tmp_path: Path) -> None:
    run = _up(tmp_path)
    try:
        first = _until_up(run)
        console_line = next(line for line in first if line.startswith("Console: "))
        assert first.index(console_line) < first.index("Jembatan is up:")
        assert "first run" in first[0]
        code, rest = _ctrl_c(run)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert code == 0 and "Traceback" not in rest and "KeyboardInterrupt" not in rest
    again = _up(tmp_path)
    try:
        second = _until_up(again)
        assert "kept state" in second[0]
        assert console_line in second  # same port, same token
        code, rest = _ctrl_c(again)
    finally:
        if again.poll() is None:
            os.killpg(again.pid, signal.SIGKILL)
    assert code == 0 and "Traceback" not in rest
    assert (tmp_path / "state.json").stat().st_mode & 0o077 == 0  # the token and key are the owner's only
