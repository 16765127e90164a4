"""The webhook kinds Jembatan accepts, and for each: parse, dedupe key, canonical events.

The ingest service receives `POST /webhooks/iseller/{tenant}/{kind}` where `kind` is one of
`WEBHOOK_KINDS`. The body may be the bare object or wrapped in the [P] common envelope
(`{"event_id", "event_type", "occurred_at", "data": {...}}`); both parse the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import pos
from .base import IsellerModel, squashed
from .money_movements import CustomerPayment, Member, Payout
from .orders import Order
from .refund import Refund
from .shift import RegisterShift
from .stock import StockAdjustment, StockCount, Transfer
from .to_pos_money import customer_payment_received, customer_upserted, payout_settled, shift_closed
from .to_pos_orders import order_completed, order_refunded
from .to_pos_stock import stock_adjusted, stock_counted, transfer_received, transfer_started

PAYLOAD_MODELS: dict[str, type[IsellerModel]] = {
    "order": Order,
    "refund": Refund,
    "register_shift": RegisterShift,
    "transfer": Transfer,
    "stock_adjustment": StockAdjustment,
    "stock_count": StockCount,
    "payout": Payout,
    "member": Member,
    "customer_payment": CustomerPayment,
}
WEBHOOK_KINDS: tuple[str, ...] = tuple(PAYLOAD_MODELS)

Canonical = list[tuple[str, pos.Event]]


class PayloadError(ValueError):
    """An authentic delivery whose body does not fit its kind; the message says why."""


def _model_for(kind: str) -> type[IsellerModel]:
    try:
        return PAYLOAD_MODELS[kind]
    except KeyError:
        raise PayloadError(
            f"unknown webhook kind {kind!r}; expected one of {', '.join(WEBHOOK_KINDS)}"
        ) from None


def _describe(kind: str, exc: ValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "(body)"
        problems.append(f"{where}: {error['msg']}")
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return f"{kind} payload is invalid: " + "; ".join(problems) + more


def _unwrap(data: Any) -> Any:
    """The object inside the [P] event envelope, or the body itself."""
    if isinstance(data, dict):
        keys = {squashed(k): k for k in data if isinstance(k, str)}
        inner = data.get(keys["data"]) if "data" in keys else None
        if isinstance(inner, dict) and ("eventtype" in keys or "eventid" in keys):
            return inner
    return data


def parse(kind: str, raw: bytes) -> IsellerModel:
    """The payload model of `kind` from the raw body (amounts become Decimal, never float)."""
    model = _model_for(kind)
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError(f"{kind} payload is not JSON: {exc}") from None
    data = _unwrap(data)
    if not isinstance(data, dict):
        raise PayloadError(f"{kind} payload must be a JSON object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PayloadError(_describe(kind, exc)) from None


def _state(kind: str, payload: BaseModel) -> tuple[str, str]:
    """(iSeller id, state) of a payload: what makes one delivery different from another."""
    match payload:
        case Order():
            return payload.order_id, payload.status.lower()
        case Refund():
            return payload.refund_id, "completed"
        case RegisterShift():
            return payload.register_shift_id, "closed"
        case Transfer():
            return payload.transfer_id, payload.status.lower()
        case StockAdjustment():
            return payload.adjustment_id, "created"
        case StockCount():
            return payload.stock_take_id, payload.status.lower()
        case Payout():
            return payload.payout_id, payload.status.lower()
        case Member():
            stamp = payload.modified_date or payload.created_date
            return payload.customer_id, stamp.strftime("%Y%m%dT%H%M%S") if stamp else "upserted"
        case CustomerPayment():
            return payload.settlement_id, "completed"
    raise PayloadError(f"{type(payload).__name__} is not a {kind} payload")


def dedupe_key(kind: str, payload: BaseModel) -> str:
    """`<kind>:<iSeller id>:<state>`, e.g. `order:<order_id>:completed`, `transfer:<id>:in_transfer`."""
    if not isinstance(payload, _model_for(kind)):
        raise PayloadError(f"{type(payload).__name__} is not a {kind} payload")
    identity, state = _state(kind, payload)
    return f"{kind}:{identity}:{state}"


def _order(p: Any) -> Canonical:
    return [("pos.order_completed/1", order_completed(p))] if p.is_completed else []


def _transfer(p: Any) -> Canonical:
    status = p.status.lower()
    if status == "in_transfer":
        return [("pos.transfer_started/1", transfer_started(p))]
    if status == "completed":
        return [("pos.transfer_received/1", transfer_received(p))]
    return []  # pending, cancelled before it left: nothing moved


def _payout(p: Any) -> Canonical:
    return [("pos.payout_settled/1", payout_settled(p))] if p.status.lower() == "completed" else []


def _stock_count(p: Any) -> Canonical:
    return [("pos.stock_counted/1", stock_counted(p))] if p.status.lower() == "completed" else []


_MAPPERS: dict[str, Callable[[Any], Canonical]] = {
    "order": _order,
    "refund": lambda p: [("pos.order_refunded/1", order_refunded(p))],
    "register_shift": lambda p: [("pos.register_shift_closed/1", shift_closed(p))],
    "transfer": _transfer,
    "stock_adjustment": lambda p: [("pos.stock_adjusted/1", stock_adjusted(p))],
    "stock_count": _stock_count,
    "payout": _payout,
    "member": lambda p: [("pos.customer_upserted/1", customer_upserted(p))],
    "customer_payment": lambda p: [("pos.customer_payment_received/1", customer_payment_received(p))],
}


def to_canonical(kind: str, payload: BaseModel) -> Canonical:
    """The canonical `pos.events.v1` events a payload stands for: (schema name, model) pairs.

    A state that moves nothing (an order not completed, a pending transfer) yields `[]`.
    """
    if not isinstance(payload, _model_for(kind)):
        raise PayloadError(f"{type(payload).__name__} is not a {kind} payload")
    try:
        return _MAPPERS[kind](payload)
    except ValidationError as exc:
        raise PayloadError(_describe(kind, exc)) from None
    except ValueError as exc:
        raise PayloadError(f"{kind} payload cannot be mapped: {exc}") from None
