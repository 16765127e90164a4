"""Work a transaction does once at its end: steps just before it commits, callbacks just after.

A consumer's handler runs once per message, but its batch shares one transaction
(`consumer.handle_batch`). A handler that would cost a database round trip per message (record a
fact, park an event) can instead gather its rows in the session and register one step with
`before_commit(session, key, step)`: `Database.session()` runs the session's steps once, in the
order they were first registered, when its block ended without error and before it commits — so a
batch's rows go in one statement, inside the batch's transaction (all or nothing, as before). The
same holds for a transaction of one message (`handle_once`, a re-drive): nothing depends on batches.

`after_commit(session, key, callback)` runs a plain callback once the commit succeeded (waking a
relay, poking a loop that must see the committed rows); a callback that fails is logged, never
raised: the transaction is already kept.

A session that commits any other way with steps still waiting fails its commit (`StepsNotRun`)
rather than keep a transaction that silently lacks their rows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)

Step = Callable[[AsyncSession], Awaitable[None]]
_BEFORE = "jembatan.platform.before_commit"
_AFTER = "jembatan.platform.after_commit"


class StepsNotRun(RuntimeError):
    """A session committed with before-commit steps waiting (it was not a `Database.session()`)."""


def before_commit(session: AsyncSession, key: str, step: Step) -> None:
    """Have `step(session)` run once, just before this session's transaction commits; registering
    the same `key` again in the same transaction does nothing."""
    steps: dict[str, Step] = session.info.setdefault(_BEFORE, {})
    steps.setdefault(key, step)


def after_commit(session: AsyncSession, key: str, callback: Callable[[], None]) -> None:
    """Have `callback()` run once, after this session's transaction committed (never on rollback)."""
    callbacks: dict[str, Callable[[], None]] = session.info.setdefault(_AFTER, {})
    callbacks.setdefault(key, callback)


async def run_before_commit(session: AsyncSession) -> None:
    """Run the session's waiting steps (also steps a step registers), each once."""
    while steps := session.info.get(_BEFORE):
        key = next(iter(steps))
        step = steps[key]
        await step(session)
        steps.pop(key, None)


def run_after_commit(session: AsyncSession) -> None:
    """Run the callbacks of a committed transaction; failures are logged (the commit stands)."""
    callbacks: dict[str, Callable[[], None]] = session.info.pop(_AFTER, {})
    for key, callback in callbacks.items():
        try:
            callback()
        except Exception as exc:
            log.warning("after-commit callback failed", extra={"callback": key, "error": repr(exc)})


@event.listens_for(Session, "before_commit")
def _refuse_waiting_steps(session: Session) -> None:
    steps: Any = session.info.get(_BEFORE)
    if steps:
        raise StepsNotRun(f"commit with before-commit steps not run: {sorted(steps)}")
