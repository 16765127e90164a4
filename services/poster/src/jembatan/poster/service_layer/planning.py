"""Turning a ledger fact into planned documents: hold the fact, place it in its posting window,
plan every window it completes (domain/windows.py decides which, domain/recipes what)."""

from __future__ import annotations

from datetime import datetime

from jembatan.contracts import Envelope
from jembatan.contracts.ledger import Fact
from jembatan.platform.consumer import PermanentFailure
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.held_facts import read_fact
from .holding import take_fact
from .shift_closing import Grace


async def plan_fact(
    session: AsyncSession, envelope: Envelope, grace: Grace | None = None, *, now: datetime | None = None
) -> int:
    """Hold a `ledger.facts.v1` fact (arrived `now`, the clock by default); returns how many new
    documents it planned. (The consumer holds a batch's facts back and takes them in together:
    `intake.hold_back`.)"""
    return await take_fact(session, envelope, read_ledger_fact(envelope), grace or Grace(), now)


def read_ledger_fact(envelope: Envelope) -> Fact:
    """The fact an envelope carries; a fact this poster cannot read is refused for good."""
    try:
        return read_fact(envelope.schema_, envelope.payload)
    except KeyError as exc:
        raise PermanentFailure(f"{envelope.schema_} is not a ledger fact this poster knows") from exc
    except ValidationError as exc:
        raise PermanentFailure(f"{envelope.schema_} cannot be read: {exc}") from exc
