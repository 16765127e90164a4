"""Child processes that can never outlive the runner.

Every child runs in its own session (so its whole process group can be signalled), writes its
output to a log file (a pipe nobody reads would fill and stall it), and is recorded in a registry.
What a `finally` misses, `safety_nets` catches (atexit, SIGTERM/SIGHUP, PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .safety_nets import die_with_parent_hook, install_safety_nets

_live: set[ChildProcess] = set()
_lock = threading.Lock()


@dataclass(eq=False)
class ChildProcess:
    """A started child: its name, `Popen` handle and log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        """Everything the child has written so far (stdout and stderr)."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self, timeout: float = 5.0, *, kill_first: bool = False) -> int | None:
        """SIGTERM the process group, SIGKILL it after `timeout` (or at once); reap; return the code."""
        try:
            if self.alive():
                _signal_group(self.pid, signal.SIGKILL if kill_first else signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(timeout=0 if kill_first else timeout)
            # Kill what is left of the group too (grandchildren), even when the leader has exited.
            _signal_group(self.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=5)
            return self.popen.returncode
        finally:
            close = getattr(self._log_file, "close", None)
            if close is not None:
                close()
            with _lock:
                _live.discard(self)


def spawn(
    name: str,
    argv: Sequence[str],
    *,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ChildProcess:
    """Start `argv` in a new session with stdout+stderr appended to `log_path`."""
    install_safety_nets(stop_all)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = log_path.open("ab")
    try:
        popen = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=die_with_parent_hook(),
        )
    except BaseException:
        log_file.close()
        raise
    child = ChildProcess(name, popen, log_path, log_file)
    with _lock:
        _live.add(child)
    return child


def live_children() -> list[ChildProcess]:
    """Children started by this process and not stopped yet."""
    with _lock:
        return list(_live)


def stop_all(timeout: float = 5.0) -> None:
    """Stop every child still registered (the `atexit` net)."""
    for child in live_children():
        child.stop(timeout)


def stop_together(children: Sequence[ChildProcess], timeout: float = 10.0) -> None:
    """SIGTERM every child at once, give them `timeout` seconds together, then SIGKILL the rest."""
    for child in children:
        if child.alive():
            _signal_group(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
    for child in children:
        child.stop(0, kill_first=True)


def wait_until(
    check: Callable[[], bool], *, timeout: float, child: ChildProcess | None = None, what: str = "condition"
) -> None:
    """Poll `check` until it holds; fail fast, with the child's log, if `child` dies meanwhile."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        if check():
            return
        if child is not None and not child.alive():
            raise ChildExited(child)
        if time.monotonic() > deadline:
            tail = f"\n--- {child.log_path} ---\n{child.log_tail()}" if child else ""
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}{tail}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


class ChildExited(RuntimeError):
    """A child exited while we waited for it to become ready."""

    def __init__(self, child: ChildProcess) -> None:
        self.child = child
        super().__init__(
            f"{child.name} (pid {child.pid}) exited with status {child.popen.returncode}\n"
            f"--- {child.log_path} ---\n{child.log_tail()}"
        )


def _signal_group(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)  # start_new_session=True → the child's pid is its group id
