"""`sync.triggers.v1` → ingest: a `reconcile` trigger pulls the tenant's last window from iSeller,
or, when it names a span (the poster checking a shift window), the outlet's orders of that span; a
`daily_reconciliation` trigger checks the previous Jakarta day's totals against iSeller's summaries.

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
from ..adapters.iseller_api import IsellerApiError
from ..adapters.tables import IsellerConnection
from ..domain.day_totals import JAKARTA
from ..domain.pull_plan import PullMode, Window, last_window
from ..domain.shift_poll import span_window
from ..service_layer.day_totals import check_day
from .deps import Runtime

log = logging.getLogger(__name__)

CONSUMER_NAME = "ingest"


def reconcile_on_trigger(runtime: Runtime) -> Handler:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ != "sync.triggered/1":
            return
        trigger = SyncTriggered.model_validate(envelope.payload)
        if trigger.kind not in (TriggerKind.RECONCILE, TriggerKind.DAILY_RECONCILIATION):
            return  # hourly and scheduled-hour triggers are the poster's
        if await session.get(IsellerConnection, envelope.tenant_id) is None:
            log.info("reconcile skipped: no iSeller API connection", extra={"tenant": envelope.tenant_id})
            return
        if trigger.kind is TriggerKind.DAILY_RECONCILIATION:
            await check_previous_day(runtime, envelope.tenant_id, trigger)
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


async def check_previous_day(runtime: Runtime, tenant_id: str, trigger: SyncTriggered) -> None:
    """iSeller's totals of the Jakarta day before the trigger's tick against the held orders. iSeller
    refusing is logged, not retried: the check can be asked again on the admin API."""
    day = (trigger.fire_at.astimezone(JAKARTA) - timedelta(days=1)).date()
    try:
        await check_day(runtime.puller, tenant_id, day, trigger=trigger.kind.value)
    except IsellerApiError as refused:
        log.warning("iSeller day totals not checked", extra={"tenant": tenant_id, "day": str(day),
                                                               "reason": str(refused)})  # fmt: skip
