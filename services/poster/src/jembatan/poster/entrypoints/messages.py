"""The poster's one consumer reads two topics; each message goes to its topic's handler."""

from __future__ import annotations

from jembatan.contracts import Envelope
from jembatan.platform.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession


def by_schema(facts: Handler, triggers: Handler) -> Handler:
    """`sync.*` messages are triggers; everything else on the poster's topics is a ledger fact."""

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        chosen = triggers if envelope.schema_.startswith("sync.") else facts
        await chosen(session, envelope)

    return handle
