"""`sync.triggers.v1` → the poster: scheduled hours close their spans, the hourly trigger moves
overdue windows on, the daily reconciliation asks for yesterday's run. Other kinds (RECONCILE) are
ingest's and are ignored here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.consumer import Handler, PermanentFailure
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.jakarta import jakarta_day
from ..service_layer.intake import take_held_back
from ..service_layer.reconciling import request_run
from ..service_layer.scheduled_closing import on_trigger
from ..service_layer.shift_closing import Grace


def triggers_handler(
    grace: Grace, wake_sender: Callable[[], None], wake_reconciler: Callable[[], None] = lambda: None
) -> Handler:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ != "sync.triggered/1":
            raise PermanentFailure(f"{envelope.schema_} is not a trigger")
        try:
            trigger = SyncTriggered.model_validate(envelope.payload)
        except ValidationError as exc:
            raise PermanentFailure(f"unreadable trigger: {exc}") from exc
        if trigger.kind is TriggerKind.RECONCILE:
            return  # ingest's
        await take_held_back(session)  # the batch's facts before this trigger are taken in first
        if trigger.kind is TriggerKind.DAILY_RECONCILIATION:  # yesterday's Jakarta day, run by the runner
            day = jakarta_day(trigger.fire_at) - timedelta(days=1)
            if await request_run(session, envelope.tenant_id, day, trigger.kind.value, trigger.trigger_id):
                wake_reconciler()
            return
        if await on_trigger(session, envelope.tenant_id, trigger, grace):
            wake_sender()

    return handle
