"""`sync.triggers.v1` → ingest: a `reconcile` trigger pulls the tenant's last window from iSeller,
or, when it names a span (the poster checking a shift window), the outlet's orders of that span.

Runs inside the idempotent consumer's transaction: the trigger is marked processed only after
the pull finished, so a failed pull is retried (and then dead-lettered); a repeat is a no-op.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters import pull_runs
from ..adapters.tables import IsellerConnection
from ..domain.pull_plan import PullMode, Window, last_window
from ..domain.shift_poll import span_window
from .deps import Runtime

log = logging.getLogger(__name__)

CONSUMER_NAME = "ingest"


def reconcile_on_trigger(runtime: Runtime) -> Handler:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ != "sync.triggered/1":
            return
        trigger = SyncTriggered.model_validate(envelope.payload)
        if trigger.kind is not TriggerKind.RECONCILE:
            return  # hourly and scheduled-hour triggers are the poster's
        if await session.get(IsellerConnection, envelope.tenant_id) is None:
            log.info("reconcile skipped: no iSeller API connection", extra={"tenant": envelope.tenant_id})
            return
        mode, window = _what_to_pull(trigger, runtime)
        run = await pull_runs.start_run(
            runtime.db,
            envelope.tenant_id,
            mode,
            window,
            outlet_id=trigger.outlet_id,
            trigger_id=trigger.trigger_id,
        )
        assert run.id is not None
        await runtime.puller.run(run.id)

    return handle


def _what_to_pull(trigger: SyncTriggered, runtime: Runtime) -> tuple[PullMode, Window]:
    if trigger.span_start is not None and trigger.span_end is not None:
        margin = timedelta(hours=runtime.settings.span_created_margin_hours)
        return PullMode.SPAN, span_window(trigger.span_start, trigger.span_end, margin)
    return PullMode.RECONCILE, last_window(trigger.fire_at, runtime.settings.reconcile_window_minutes)
