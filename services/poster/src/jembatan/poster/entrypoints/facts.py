"""`ledger.facts.v1` → the poster: each fact is held and planned inside the consumer's transaction."""

from __future__ import annotations

from collections.abc import Callable

from jembatan.contracts import Envelope
from jembatan.platform.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession

from ..service_layer.planning import plan_fact
from ..service_layer.shift_closing import Grace


def facts_handler(grace: Grace, wake_sender: Callable[[], None]) -> Handler:
    """The consumer's handler; the sender is woken when new documents were planned."""

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if await plan_fact(session, envelope, grace):
            wake_sender()

    return handle
