"""The other outcome of mapping: an event that waits, with the reason a merchant can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parked:
    reason: str
