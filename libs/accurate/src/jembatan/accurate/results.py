"""What a save returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jembatan.accurate.envelope import Envelope, messages_of
from jembatan.accurate.errors import AccurateError

NUMBER_KEYS = ("number", "no", "customerNo", "vendorNo", "name")


@dataclass(frozen=True)
class SaveResult:
    """A saved record: Accurate's ``id``, its business number, the full ``r`` record and messages."""

    id: int | None
    number: str | None
    record: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @classmethod
    def from_reply(cls, result: Any, body: dict[str, Any]) -> SaveResult:
        """Build from a reply's ``r`` and the body holding its messages."""
        record = result if isinstance(result, dict) else {}
        number = next((record[key] for key in NUMBER_KEYS if isinstance(record.get(key), str)), None)
        raw_id = record.get("id")
        return cls(
            id=int(raw_id) if isinstance(raw_id, int | str) and str(raw_id).isdigit() else None,
            number=number,
            record=record,
            messages=messages_of(body),
        )

    @classmethod
    def from_envelope(cls, envelope: Envelope) -> SaveResult:
        """Build from a successful ``save.do`` envelope."""
        return cls.from_reply(envelope.result, envelope.raw)


@dataclass(frozen=True)
class RecordResult:
    """The outcome of one record of a ``bulk-save.do`` call, in request order."""

    index: int
    result: SaveResult | None = None
    error: AccurateError | None = None

    @property
    def ok(self) -> bool:
        """True when Accurate saved this record."""
        return self.error is None
