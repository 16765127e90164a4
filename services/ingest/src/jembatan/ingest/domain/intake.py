"""Deciding what a raw iSeller delivery becomes — pure, no I/O.

An authentic delivery is either *accepted* (its dedupe key and the canonical events it carries)
or *unparseable* (kept raw and parked with the reason, keyed by the body's hash so a repeat of the
same bad bytes is still stored once).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jembatan.contracts import Envelope, stable_id, utc_now
from jembatan.contracts.iseller import PayloadError, dedupe_key, parse, to_canonical
from jembatan.contracts.registry import event_type
from pydantic import BaseModel


@dataclass(frozen=True)
class Accepted:
    dedupe_key: str
    events: list[tuple[str, BaseModel]] = field(default_factory=list)


@dataclass(frozen=True)
class Unparseable:
    dedupe_key: str
    reason: str


MAX_DEDUPE_KEY_LENGTH = 300  # the inbox column
MAX_REASON_LENGTH = 1000


def admit(kind: str, raw: bytes) -> Accepted | Unparseable:
    """Read one delivery of `kind`; never raises, whatever the content (nesting, dates, lengths,
    numbers): what cannot be read, or could not be stored and carried as it is, is unparseable."""
    try:
        payload = parse(kind, raw)
        accepted = Accepted(dedupe_key(kind, payload), list(to_canonical(kind, payload)))
        _check_storable(kind, accepted, raw)
        return accepted
    except PayloadError as exc:
        return _unparseable(kind, raw, str(exc))
    except Exception as exc:
        return _unparseable(kind, raw, f"{kind} payload cannot be read: {type(exc).__name__}: {exc}")


def _check_storable(kind: str, accepted: Accepted, raw: bytes) -> None:
    key = accepted.dedupe_key
    if len(key) > MAX_DEDUPE_KEY_LENGTH:
        raise PayloadError(
            f"{kind} id is too long ({len(key)} > {MAX_DEDUPE_KEY_LENGTH} characters with kind and state)"
        )
    if not key.isprintable():
        raise PayloadError(f"{kind} id or state contains control characters")
    if b"\\u0000" not in raw:  # JSON carries a NUL only as that escape: none in the body, none anywhere
        return
    for _, model in accepted.events:
        if "\\u0000" in model.model_dump_json():  # no text column downstream can hold NUL
            raise PayloadError(f"{kind} payload contains a NUL character in a carried field")


def _unparseable(kind: str, raw: bytes, reason: str) -> Unparseable:
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return Unparseable(f"{kind}:unparseable:{digest}", readable(reason))


def readable(text: str) -> str:
    """`text` as a bounded, printable reason (control characters shown as `?`)."""
    clean = "".join(c if c.isprintable() else "?" for c in text[: MAX_REASON_LENGTH + 1])
    return clean if len(clean) <= MAX_REASON_LENGTH else clean[: MAX_REASON_LENGTH - 1] + "…"


def envelopes_for(
    tenant_id: str, accepted: Accepted, received_at: datetime, *, recorded_at: datetime | None = None
) -> list[Envelope]:
    """The canonical events of a delivery, with ids stable across replays of the same delivery."""
    return [
        _envelope(tenant_id, accepted, schema, model, model.model_dump(mode="json"), received_at, recorded_at)
        for schema, model in accepted.events
    ]


def envelope_rows(
    tenant_id: str, accepted: Accepted, received_at: datetime, *, recorded_at: datetime | None = None
) -> list[tuple[str, bytes]]:
    """(message id, envelope bytes) of a delivery's events: the bytes of `envelopes_for(...)`'s
    `to_bytes()`, made with the payload serialised once, straight from its model (not dumped to a
    dict, validated as the envelope's payload and serialised again; docs/performance.md, round five).

    The envelope is built and checked as ever, with an empty payload (`Envelope.to_bytes_with`)."""
    rows = []
    for schema, model in accepted.events:
        envelope = _envelope(tenant_id, accepted, schema, model, {}, received_at, recorded_at)
        rows.append((envelope.id, envelope.to_bytes_with(model)))
    return rows


def _envelope(
    tenant_id: str,
    accepted: Accepted,
    schema: str,
    model: BaseModel,
    payload: dict[str, Any],
    received_at: datetime,
    recorded_at: datetime | None,
) -> Envelope:
    return Envelope(
        id=stable_id(tenant_id, accepted.dedupe_key, schema),
        type=event_type(schema),
        tenant_id=tenant_id,
        outlet_id=getattr(model, "outlet_id", None) or getattr(model, "from_outlet_id", None),
        occurred_at=_occurred_at(model) or received_at,
        recorded_at=recorded_at or utc_now(),
        correlation_id=stable_id(tenant_id, accepted.dedupe_key),
        schema_=schema,
        payload=payload,
    )


def _occurred_at(model: BaseModel) -> datetime | None:
    for name in (
        "closed_at",
        "refunded_at",
        "started_at",
        "received_at",
        "adjusted_at",
        "counted_at",
        "received_at",
        "updated_at",
    ):
        value = getattr(model, name, None)
        if isinstance(value, datetime):
            return value
    return None
