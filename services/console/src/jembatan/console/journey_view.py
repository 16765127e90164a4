"""One iSeller id's journey as the merchant reads it — pure.

The journey itself is joined by `jembatan.cli.journey` (ingest's deliveries, the mapper's outcomes,
the poster's facts and documents); here it becomes one sentence of where the id is now and the
WIB day its documents are listed under in Activity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .formatting import WIB

ID_LIMIT = 100  # the services' path keys are 1–100 characters


@dataclass(frozen=True)
class Stage:
    key: str  # a message key: find.stage.<stage>
    detail: str = ""  # document numbers or the reason, as the services gave it
    tone: str = ""  # ok | warn | "" (shown with a sign, never colour alone)


def clean_id(text: str | None) -> str:
    """What was pasted, without surrounding blanks or quotes; empty when it cannot be an iSeller id."""
    value = (text or "").strip().strip("\"'").strip()
    if (
        not value
        or len(value) > ID_LIMIT
        or any(ord(c) < 32 or ord(c) == 127 or c in "/?#%\\" for c in value)
    ):
        return ""
    return value


def stage(journey: Mapping[str, Any]) -> Stage:
    """The furthest stage the id reached, the way `where` orders them."""
    docs = journey.get("documents") or []
    if docs:
        states = {d["state"] for d in docs}
        numbers = ", ".join(d["number"] for d in docs if d["state"] == "posted")
        if "failed" in states:
            failed = ", ".join(d["number"] for d in docs if d["state"] == "failed")
            return Stage("find.stage.failed", failed, "warn")
        if states == {"posted"}:
            return Stage("find.stage.posted", numbers, "ok")
        return Stage("find.stage.sending", numbers)
    if journey.get("facts"):
        return Stage("find.stage.held")
    deliveries = journey.get("deliveries") or []
    parked = [e for d in deliveries for e in d.get("events", []) if e.get("outcome") == "parked"]
    if parked:
        return Stage("find.stage.parked", parked[0].get("reason") or "", "warn")
    unread = [d for d in deliveries if d.get("status") == "parked"]
    if unread:
        return Stage("find.stage.unreadable", unread[0].get("reason") or "", "warn")
    if any(e.get("outcome") == "nothing to post" for d in deliveries for e in d.get("events", [])):
        return Stage("find.stage.nothing")
    if deliveries:
        return Stage("find.stage.delivered")
    return Stage("find.stage.never")


def wib_day(moment: str | datetime | None) -> str:
    """The store day (WIB) of an instant, as Activity's `day` filter takes it."""
    if not moment:
        return ""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return when.astimezone(WIB).date().isoformat() if when.tzinfo else when.date().isoformat()
