"""`ledger.facts.v1` → the poster: each fact is read at once and taken in at the end of the
consumer's batch transaction, with the batch's other facts (service_layer/intake.py)."""

from __future__ import annotations

from collections.abc import Callable

from jembatan.contracts import Envelope
from jembatan.platform.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession

from ..service_layer.intake import hold_back
from ..service_layer.planning import read_ledger_fact
from ..service_layer.shift_closing import Grace


def facts_handler(grace: Grace, wake_sender: Callable[[], None]) -> Handler:
    """The consumer's handler; the sender is woken after the commit when new documents were planned."""

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        hold_back(session, envelope, read_ledger_fact(envelope), grace, wake_sender)

    return handle
