"""`make up` as a person runs it in a terminal: one Ctrl-C (and an impatient second one) stops
everything, the runner says "stopped.", and GNU make reports nothing of its own (no
`make: *** [up] Interrupt`, no `Error 130`), and no child of the stack is left running."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def make_up(run_dir: Path) -> subprocess.Popen[str]:
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` tells its children where it is
    if uv is None:
        pytest.skip("uv is not on PATH")
    args = f"--run-dir {run_dir} --services ingest,console --no-accurate"
    return subprocess.Popen(["make", "up", f"UV={uv}", f"UP_ARGS={args}"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)  # fmt: skip


def left_in(run_dir: Path) -> list[int]:
    """Live processes working in the stack's folder or naming it (services, sandboxes, broker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if cwd.startswith(str(run_dir)) or str(run_dir) in cmdline:
            found.append(int(entry.name))
    return found


def until(run: subprocess.Popen[str], first_words: str) -> list[str]:
    assert run.stdout is not None
    lines = []
    for line in run.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith(first_words):
            return lines
    raise AssertionError("make up ended early:\n" + "\n".join(lines))


def ctrl_c(run: subprocess.Popen[str], times: int = 1) -> str:
    """What a terminal does on Ctrl-C: SIGINT to the whole foreground group (make, uv, the runner)."""
    for _ in range(times):
        os.killpg(run.pid, signal.SIGINT)
        time.sleep(0.2)
    rest, _ = run.communicate(timeout=90)
    return rest


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_on_make_up_stops_everything_and_make_says_nothing(tmp_path: Path, presses: int) -> None:
    run = make_up(tmp_path)
    try:
        until(run, "Ctrl-C stops everything")
        rest = ctrl_c(run, presses)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert rest.strip().splitlines()[-1] == "stopped.", rest
    assert "make: ***" not in rest and "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    assert left_in(tmp_path) == []  # no service of this stack is left


# The runner prints "starting the stack" just before it creates its event loop and the stack's
# coroutine: at once (several times over) is the early moment CI met, the later ones land while the
# broker, then the services, start.
@pytest.mark.parametrize("after", [0.0, 0.0, 0.0, 0.02, 0.1, 0.5, 2.0])
def test_ctrl_c_while_the_stack_is_starting_stops_it_quietly(tmp_path: Path, after: float) -> None:
    run = make_up(tmp_path)
    try:
        until(run, "starting the stack")
        time.sleep(after)
        rest = ctrl_c(run)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert rest.strip().splitlines() == ["stopped."], rest  # nothing else: no "Exception ignored", no warning
    assert left_in(tmp_path) == []


def test_ctrl_c_on_make_demo_while_it_plays_stops_it_quietly() -> None:
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    run = subprocess.Popen(["make", "demo", f"UV={uv}"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True)  # fmt: skip
    try:
        until(run, f"{uv} run python -m jembatan.devstack demo")
        time.sleep(8)  # the stack starting or the day being played
        rest = ctrl_c(run)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert rest.strip().splitlines()[-1] == "stopped.", rest
    assert "make: ***" not in rest and "Traceback" not in rest, rest
