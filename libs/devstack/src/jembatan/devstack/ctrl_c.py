"""One Ctrl-C stops everything quietly: the first SIGINT starts the stop, every later one is ignored.

A terminal sends SIGINT to the whole foreground group — `make`, `uv` and the runner. GNU make says
nothing of its own when its recipe exits normally; it prints `make: *** [up] Error 130` when the
recipe exits 130 and `make: *** [up] Interrupt` when the recipe dies of the signal. An impatient
second Ctrl-C used to break off the stop that the first had started (a `KeyboardInterrupt`
traceback from the middle of stopping the children, exit 130, and `make` reporting the error). So
the first Ctrl-C raises `KeyboardInterrupt` as usual and switches SIGINT off for the rest of the
run: the stop runs to its end, the runner prints "stopped." and exits 0.
"""

from __future__ import annotations

import asyncio
import signal
from types import FrameType

STOPPED = "\nstopped."


def _first_then_ignore(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def first_ctrl_c_only() -> None:
    """For a synchronous runner: the next SIGINT raises KeyboardInterrupt, the ones after it do nothing."""
    signal.signal(signal.SIGINT, _first_then_ignore)


def cancel_on_first_ctrl_c(task: asyncio.Task[object]) -> None:
    """For an asyncio runner: the first SIGINT cancels `task` (its `async with` blocks stop what they
    started), the ones after it do nothing. Call it from inside the running loop."""
    loop = asyncio.get_running_loop()

    def once() -> None:
        loop.remove_signal_handler(signal.SIGINT)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        task.cancel()

    loop.add_signal_handler(signal.SIGINT, once)
