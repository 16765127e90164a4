"""The nets that stop children when the runner's own code never gets to.

1. `atexit`: stop every registered child when the interpreter exits normally.
2. SIGTERM / SIGHUP become `SystemExit` (Ctrl-C is already `KeyboardInterrupt`), so `with` blocks
   unwind and stop their children.
3. Linux `PR_SET_PDEATHSIG`: the kernel SIGKILLs a child whose runner was SIGKILLed.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

_PR_SET_PDEATHSIG = 1
_installed = False


def install_safety_nets(stop_all: Callable[[float], None]) -> None:
    """Register `stop_all` with `atexit` and, on the main thread, SIGTERM/SIGHUP → `SystemExit`."""
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(stop_all, 2.0)
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _exit_on_signal)


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def die_with_parent_hook() -> Callable[[], None] | None:
    """On Linux, ask the kernel to SIGKILL the child when its parent dies.

    The kernel ties this to the *thread* that forked, so it is only used from the main thread
    (a worker thread that ends would otherwise take the child with it).
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    parent = os.getpid()

    def hook() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook
