"""`sync.triggers.v1` → the poster: scheduled hours close their spans, the hourly trigger moves
overdue windows on. Other kinds (RECONCILE) are ingest's and are ignored here."""

from __future__ import annotations

from collections.abc import Callable

from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered
from jembatan.platform.consumer import Handler, PermanentFailure
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from ..service_layer.scheduled_closing import on_trigger
from ..service_layer.shift_closing import Grace


def triggers_handler(grace: Grace, wake_sender: Callable[[], None]) -> Handler:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ != "sync.triggered/1":
            raise PermanentFailure(f"{envelope.schema_} is not a trigger")
        try:
            trigger = SyncTriggered.model_validate(envelope.payload)
        except ValidationError as exc:
            raise PermanentFailure(f"unreadable trigger: {exc}") from exc
        if await on_trigger(session, envelope.tenant_id, trigger, grace):
            wake_sender()

    return handle
