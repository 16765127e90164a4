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
from collections.abc import Callable, Coroutine
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")

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


def run_until_ctrl_c(start: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `start()` in a new event loop; a Ctrl-C at any moment of it ends in `KeyboardInterrupt`,
    raised only once the loop is closed, with nothing printed by the interpreter.

    The SIGINT handler is installed before the loop exists and never raises: it notes the press,
    switches SIGINT off, and cancels the task once there is one. So a Ctrl-C cannot land halfway
    through creating the loop (`BaseEventLoop.__del__` then complains that `_debug` is missing) nor
    between creating the coroutine and awaiting it ("coroutine ... was never awaited"): the coroutine
    is created for the loop's task, a press before its first step cancels it there, and the loop is
    always closed. Without a press, the handler that was there before (`first_ctrl_c_only`) is put back."""
    pressed = False
    loop: asyncio.AbstractEventLoop | None = None
    task: asyncio.Task[T] | None = None

    def note(signum: int, frame: FrameType | None) -> None:
        nonlocal pressed
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        pressed = True
        if loop is not None and task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)

    previous = signal.signal(signal.SIGINT, note)
    try:
        loop = asyncio.new_event_loop()
        try:
            task = loop.create_task(start())
            if pressed:
                task.cancel()
            try:
                result = loop.run_until_complete(task)
            except asyncio.CancelledError:
                if not pressed:
                    raise
        finally:
            _close(loop)
    finally:
        if not pressed:
            signal.signal(signal.SIGINT, previous)
    if pressed:  # also when the press came after the task had finished: the caller stops what it started
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt
    return result


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """What `asyncio.run` does on the way out: cancel what is left, finish async generators, close."""
    try:
        left = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in left:
            task.cancel()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
