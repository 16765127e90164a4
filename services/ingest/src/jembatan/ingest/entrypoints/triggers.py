"""`sync.triggers.v1` → ingest: a `reconcile` trigger pulls the tenant's last window from iSeller.

Runs inside the idempotent consumer's transaction: the trigger is marked processed only after
the pull finished, so a failed pull is retried (and then dead-lettered); a repeat is a no-op.
"""

from __future__ import annotations

import logging

from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters import pull_runs
from ..adapters.tables import IsellerConnection
from ..domain.pull_plan import PullMode, last_window
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
        window = last_window(trigger.fire_at, runtime.settings.reconcile_window_minutes)
        run = await pull_runs.start_run(
            runtime.db,
            envelope.tenant_id,
            PullMode.RECONCILE,
            window,
            outlet_id=trigger.outlet_id,
            trigger_id=trigger.trigger_id,
        )
        assert run.id is not None
        await runtime.puller.run(run.id)

    return handle
