"""Pull runs: created when a backfill or reconcile starts, counters bumped page by page."""

from __future__ import annotations

from datetime import UTC, datetime

from jembatan.platform.db import Database
from sqlmodel import col, select

from ..domain.pull_plan import PullMode, Window
from .tables import PullRun

RUNNING, DONE, FAILED = "running", "done", "failed"


async def start_run(
    db: Database,
    tenant_id: str,
    mode: PullMode,
    window: Window,
    *,
    outlet_id: str | None = None,
    trigger_id: str | None = None,
) -> PullRun:
    run = PullRun(
        tenant_id=tenant_id,
        mode=mode,
        window_from=window.start,
        window_to=window.end,
        outlet_id=outlet_id,
        trigger_id=trigger_id,
        status=RUNNING,
        started_at=datetime.now(UTC),
    )
    async with db.session() as session:
        session.add(run)
    return run


async def bump(db: Database, run_id: int, **increments: int) -> None:
    """Add to the run's counters (`pages=1, orders_new=3, ...`)."""
    async with db.session() as session:
        run = await session.get(PullRun, run_id, with_for_update=db.is_postgres)
        assert run is not None
        for name, amount in increments.items():
            setattr(run, name, getattr(run, name) + amount)
        session.add(run)


async def set_fields(db: Database, run_id: int, **values: object) -> PullRun:
    async with db.session() as session:
        run = await session.get(PullRun, run_id)
        assert run is not None
        for name, value in values.items():
            setattr(run, name, value)
        session.add(run)
    return run


async def finish(db: Database, run_id: int, error: str | None = None) -> PullRun:
    return await set_fields(
        db, run_id, status=FAILED if error else DONE, error=error, finished_at=datetime.now(UTC)
    )


async def load_run(db: Database, run_id: int) -> PullRun:
    async with db.session() as session:
        run = await session.get(PullRun, run_id)
    if run is None:
        raise LookupError(f"no pull run {run_id}")
    return run


async def get_run(db: Database, tenant_id: str, run_id: int) -> PullRun | None:
    async with db.session() as session:
        run = await session.get(PullRun, run_id)
    return run if run is not None and run.tenant_id == tenant_id else None


async def list_runs(db: Database, tenant_id: str, limit: int = 20) -> list[PullRun]:
    async with db.session() as session:
        query = select(PullRun).where(PullRun.tenant_id == tenant_id).order_by(col(PullRun.id).desc())
        return list((await session.exec(query.limit(limit))).all())
