"""The one envelope every Kafka message travels in (DESIGN.md §2)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_NAMESPACE = uuid.UUID("6b0d9c52-2f43-4b8e-9a55-4a6f1c7d0e11")


def stable_id(*parts: str) -> str:
    """A message id derived from its source, so a replay carries the same id."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def utc_now() -> datetime:
    return datetime.now(UTC)


_EMPTY_PAYLOAD_END = b'"payload":{}}'  # an envelope built with an empty payload ends so


class Envelope(BaseModel):
    """Metadata around a payload; `schema` names the payload's model and version."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    id: str
    type: str
    tenant_id: str
    outlet_id: str | None = None
    occurred_at: datetime
    recorded_at: datetime = Field(default_factory=utc_now)
    causation_id: str | None = None
    correlation_id: str
    schema_: str = Field(alias="schema", description="e.g. pos.order_completed/1")
    payload: dict[str, Any]

    @field_validator("occurred_at", "recorded_at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def to_bytes(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()

    def to_bytes_with(self, payload: BaseModel) -> bytes:
        """The bytes of this envelope with `payload` (a model) as its payload — exactly what
        `payload=payload.model_dump(mode="json")` and `to_bytes()` give — with the payload serialised
        once, straight from its model. Built with an empty payload, the envelope ends with it (its
        last field), so the `{}` is replaced by the model's JSON (docs/performance.md, round five)."""
        head = self.to_bytes()
        if self.payload or not head.endswith(_EMPTY_PAYLOAD_END):  # not as built for this: the sure way
            return self.model_copy(update={"payload": payload.model_dump(mode="json")}).to_bytes()
        return head[: -len(b"{}}")] + payload.model_dump_json().encode() + b"}"

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate_json(raw)

    def caused(self, *, id: str, type: str, schema: str, payload: dict[str, Any]) -> Envelope:
        """A follow-up message that keeps this one's tenant, outlet and correlation."""
        return Envelope(
            id=id,
            type=type,
            tenant_id=self.tenant_id,
            outlet_id=self.outlet_id,
            occurred_at=self.occurred_at,
            causation_id=self.id,
            correlation_id=self.correlation_id,
            schema_=schema,
            payload=payload,
        )
