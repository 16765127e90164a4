"""Reconcile one tenant's day: the planned windows of that Jakarta day, their held facts turned into
iSeller's expectations, Accurate's documents of that day read back, the differences kept and exported
as `jembatan_reconciliation_gaps{tenant, kind}`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol

from jembatan.contracts.ledger import Fact, OutletSnapshot, PayoutFact, ShiftClosedFact
from jembatan.platform.db import Database
from jembatan.platform.metrics import RECONCILIATION_GAPS, RECONCILIATION_LAST_RUN, RECONCILIATION_RUNS
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.reconciliation_tables import ReconciliationRun
from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.held_facts import read_fact
from ..domain.jakarta import JAKARTA, jakarta_day
from ..domain.numbering import KIND_CODES
from ..domain.reconciliation import (
    BookDocument,
    Difference,
    ExpectedDocument,
    GapKind,
    booking_days,
    clearing_differences,
    compare,
    expected_documents,
    explained_per_account,
    explained_per_member,
    member_balances,
    member_differences,
    payment_totals,
    shelf_figures,
    stock_differences,
    unpaid_clearing,
    window_summaries,
)
from ..domain.reconciliation.payouts import (
    JournalLine,
    expected_payout,
    explained_clearing,
    payout_row,
)
from ..domain.reconciliation.shifts import shift_rows
from ..domain.windows import WindowState
from .window_planning import held_facts, window_drafts

REQUESTED = "requested"


class BooksReadback(Protocol):
    """What a tenant's Accurate books hold, read back (never our posting ledger); None: not connected.

    The real one is `adapters/accurate_readback.py::AccurateReadback`; the sender's calls to Accurate
    are another port, `ports.AccurateApi`."""

    async def documents(self, tenant_id: str, day: date) -> list[BookDocument] | None: ...

    async def balance(self, tenant_id: str, account_no: str, as_of: date) -> Decimal | None: ...

    async def member_balance(self, tenant_id: str, customer_no: str) -> Decimal | None: ...

    async def stock(self, tenant_id: str, warehouses: Iterable[str]) -> dict[tuple[str, str], Decimal]: ...

    async def journal(self, tenant_id: str, number: str) -> list[JournalLine] | None: ...


async def reconcile_day(
    db: Database, readback: BooksReadback, tenant_id: str, day: date, *, trigger: str = "admin"
) -> ReconciliationRun:
    """Run a reconciliation of `day` (Asia/Jakarta) for the tenant now, keep and export its result."""
    run = new_run(tenant_id, day, trigger, run_id=str(uuid.uuid4()))
    await _execute(db, readback, run)
    async with db.session() as session:
        session.add(run)
    _count_run(run)
    return run


def new_run(
    tenant_id: str, day: date, trigger: str, *, run_id: str, status: str = "running"
) -> ReconciliationRun:
    return ReconciliationRun(
        run_id=run_id, tenant_id=tenant_id, day=day, ran_at=datetime.now(UTC), trigger=trigger, status=status
    )


async def request_run(
    session: AsyncSession, tenant_id: str, day: date, trigger: str, request_id: str
) -> bool:
    """Ask for a run in the caller's transaction (a trigger's redelivery asks once); False if asked already."""
    run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant_id}/{request_id}"))
    if await session.get(ReconciliationRun, run_id) is not None:
        return False
    session.add(new_run(tenant_id, day, trigger, run_id=run_id, status=REQUESTED))
    return True


class ReconciliationRunner:
    """Runs requested reconciliations one at a time; replicas share the work (SKIP LOCKED)."""

    def __init__(self, db: Database, readback: BooksReadback, *, interval: float = 30.0) -> None:
        self.db, self.readback, self.interval = db, readback, interval
        self.wake = asyncio.Event()

    async def run(self) -> None:
        while True:
            while await self.run_one():
                pass
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.interval)
            self.wake.clear()

    async def run_one(self) -> bool:
        """Claim and run the oldest requested run; False when none is waiting."""
        async with self.db.session() as session:
            query = (
                select(ReconciliationRun)
                .where(ReconciliationRun.status == REQUESTED)
                .order_by(col(ReconciliationRun.ran_at))
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            run = (await session.exec(query)).first()
            if run is None:
                return False
            run.status = "running"
            session.add(run)
        try:
            await _execute(self.db, self.readback, run)
        except Exception as error:  # kept as the run's outcome; the next daily run tries again
            run.status, run.report = "failed", {"error": f"{type(error).__name__}: {error}"[:500]}
        run.ran_at = datetime.now(UTC)
        async with self.db.session() as session:
            await session.merge(run)
        _count_run(run)
        return True


async def _execute(db: Database, readback: BooksReadback, run: ReconciliationRun) -> None:
    async with db.session() as session:
        expected, refusals, facts = await _expectations(session, run.tenant_id, run.day)
    held = await readback.documents(run.tenant_id, run.day)
    if held is None:
        run.status = "not_connected"
        return
    differences = compare(expected, held, own_prefixes=_own_prefixes(facts, run.day), refusals=refusals)
    async with db.session() as session:
        posted = await _all_facts(session, run.tenant_id)
        booked = booking_days(await _held_with_windows(session, run.tenant_id))
    history = [fact for fact, _ in posted]
    payouts = [expected_payout(run.tenant_id, f) for f in history
               if isinstance(f, PayoutFact) and f.payout.payout_date == run.day]  # fmt: skip
    payout_report = []
    for payout in payouts:
        lines = await readback.journal(run.tenant_id, payout.number) if payout.number else None
        row, gap = payout_row(payout, lines)
        payout_report.append(row)
        differences += [gap] if gap else []
    shifts = [
        f for f in history if isinstance(f, ShiftClosedFact) and jakarta_day(f.shift.closed_at) == run.day
    ]
    shift_report, shift_gaps = shift_rows(shifts, history, expected, held)
    differences += shift_gaps
    figures = shelf_figures(posted)
    stock = await readback.stock(run.tenant_id, {w for w, _ in figures}) if figures else {}
    differences += stock_differences(figures, stock)
    unpaid = unpaid_clearing(booked, run.day)
    balances = {a: b for a in unpaid if (b := await readback.balance(run.tenant_id, a, run.day)) is not None}
    owed = member_balances(history)  # members: as the books stand now (Accurate's outstanding has no date)
    outstanding = {m: b for m in owed if (b := await readback.member_balance(run.tenant_id, m)) is not None}
    receipts_and_invoices = list(differences)
    explained = explained_per_account(expected, receipts_and_invoices)
    for account, amount in explained_clearing(payouts, receipts_and_invoices).items():
        explained[account] = explained.get(account, Decimal(0)) + amount
    differences += clearing_differences(unpaid, balances, explained)
    differences += member_differences(
        owed, outstanding, explained_per_member(expected, receipts_and_invoices)
    )
    run.status, run.difference_count = "done", len(differences)
    run.report = _report(expected, held, differences, facts)
    run.report["members"] = [
        {"customer_no": m, "iseller_owed": str(owed[m]), "accurate": str(outstanding.get(m, Decimal(0)))}
        for m in sorted(owed)
    ]
    run.report["clearing"] = [
        {"account_no": a, "iseller_unpaid": str(unpaid[a]), "accurate": str(balances.get(a, Decimal(0)))}
        for a in sorted(unpaid)
    ]
    run.report["payouts"] = payout_report
    run.report["shifts"] = shift_report
    run.report["stock"] = [
        {"warehouse": f.warehouse, "item_no": f.item_no, "sku": f.sku, "iseller": str(f.quantity),
         "not_posted_yet": str(f.pending), "accurate": str(stock.get(place, Decimal(0))),
         "counted": str(f.counted), "counted_at": f.counted_at.isoformat(), "count_reference": f.count_reference}
        for place, f in sorted(figures.items())
    ]  # fmt: skip
    _export(run.tenant_id, differences)


async def kept_runs(
    db: Database, tenant_id: str, day: date | None = None, limit: int = 30
) -> list[ReconciliationRun]:
    query = select(ReconciliationRun).where(ReconciliationRun.tenant_id == tenant_id)
    if day is not None:
        query = query.where(ReconciliationRun.day == day)
    async with db.session() as session:
        return list(
            (await session.exec(query.order_by(col(ReconciliationRun.ran_at).desc()).limit(limit))).all()
        )


async def tenants_with_windows(db: Database) -> list[str]:
    async with db.session() as session:
        return sorted(set((await session.exec(select(PostingWindow.tenant_id).distinct())).all()))


async def _expectations(
    session: AsyncSession, tenant_id: str, day: date
) -> tuple[list[ExpectedDocument], list[tuple[str, str]], list[Fact]]:
    start = datetime.combine(day, time(0), JAKARTA).astimezone(UTC)
    query = select(PostingWindow).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.state == WindowState.PLANNED.value,
        col(PostingWindow.closed_at) >= start,
        col(PostingWindow.closed_at) < start + timedelta(days=1),
    )
    expected: list[ExpectedDocument] = []
    refusals: list[tuple[str, str]] = []
    facts: list[Fact] = []
    for window in (await session.exec(query.order_by(col(PostingWindow.closed_at)))).all():
        held = await held_facts(session, tenant_id, window.window_id)
        window_facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
        facts.extend(window_facts)
        plan = await window_drafts(session, window, held)
        if plan.refusal is not None:
            refusals.append((window.window_id, plan.refusal))
            continue
        expected.extend(expected_documents(window.window_id, plan.drafts, window_facts))
    return expected, refusals, facts


async def _all_facts(session: AsyncSession, tenant_id: str) -> list[tuple[Fact, bool]]:
    """Every fact held for the tenant, each with whether its window is planned (its documents are in
    the posting ledger): balances are running totals (the clearing account is taken as of the day by
    each fact's own date; members and stock as the books stand now)."""
    planned = set(
        (
            await session.exec(
                select(PostingWindow.window_id).where(
                    PostingWindow.tenant_id == tenant_id, PostingWindow.state == WindowState.PLANNED.value
                )
            )
        ).all()
    )
    query = select(HeldFact).where(HeldFact.tenant_id == tenant_id)
    return [
        (read_fact(h.schema_name, json.loads(h.payload)), h.window_id in planned)
        for h in (await session.exec(query)).all()
    ]


async def _held_with_windows(
    session: AsyncSession, tenant_id: str
) -> list[tuple[Fact, str | None, datetime | None]]:
    """Every fact held for the tenant with its window's id and, once planned, the window's close
    (the day its documents are dated follows from it)."""
    closes = dict(
        (
            await session.exec(
                select(PostingWindow.window_id, PostingWindow.closed_at).where(
                    PostingWindow.tenant_id == tenant_id, PostingWindow.state == WindowState.PLANNED.value
                )
            )
        ).all()
    )
    query = select(HeldFact).where(HeldFact.tenant_id == tenant_id)
    return [
        (read_fact(h.schema_name, json.loads(h.payload)), h.window_id, closes.get(h.window_id or ""))
        for h in (await session.exec(query)).all()
    ]


def _own_prefixes(facts: Sequence[Fact], day: date) -> list[str]:
    """Numbers our recipes give this day's invoices and receipts: `SI-<outlet>-<yymmdd>-`."""
    codes = {o.outlet_code for f in facts if isinstance(o := getattr(f, "outlet", None), OutletSnapshot)}
    outlets = {"".join(ch for ch in c.upper() if ch.isalnum())[:8] or "X" for c in codes}
    kinds = (KIND_CODES["sales-invoice"], KIND_CODES["sales-receipt"])
    return sorted(f"{k}-{o}-{day:%y%m%d}-" for k in kinds for o in outlets)


def _report(
    expected: Sequence[ExpectedDocument], held: Sequence[BookDocument], differences: Sequence[Difference],
    facts: Sequence[Fact],
) -> dict[str, Any]:  # fmt: skip
    """The kept result: totals per account on both sides, and every difference (money as strings)."""
    accurate: dict[str, Decimal] = defaultdict(Decimal)
    for book in held:
        if book.document_type == "sales-receipt" and book.account_no:
            accurate[book.account_no] += book.amount
    iseller = payment_totals(facts)
    accounts = sorted(set(iseller) | set(accurate))
    sales = {
        "iseller": sum((e.amount for e in expected if e.document_type == "sales-invoice"), Decimal(0)),
        "accurate": sum((b.amount for b in held if b.document_type == "sales-invoice"), Decimal(0)),
    }
    return {
        "sales": {k: str(v) for k, v in sales.items()},
        "payments": [
            {
                "account_no": a,
                "iseller": str(iseller.get(a, Decimal(0))),
                "accurate": str(accurate.get(a, Decimal(0))),
            }
            for a in accounts
        ],
        "documents_expected": len(expected),
        "windows": window_summaries(expected, held, differences),
        "differences": [_plain(d) for d in differences],
    }


def _plain(difference: Difference) -> dict[str, Any]:
    out = asdict(difference)
    out["kind"] = difference.kind.value
    out["documents"] = list(difference.documents)
    out["source_ids"] = list(difference.source_ids)
    for name in ("amount", "iseller", "accurate"):
        out[name] = None if out[name] is None else str(out[name])
    return out


def _count_run(run: ReconciliationRun) -> None:
    RECONCILIATION_RUNS.labels(run.tenant_id, run.status).inc()
    if run.status == "done":
        RECONCILIATION_LAST_RUN.labels(run.tenant_id).set(run.ran_at.timestamp())


def _export(tenant_id: str, differences: Sequence[Difference]) -> None:
    counts = Counter(d.kind for d in differences)
    for kind in GapKind:
        RECONCILIATION_GAPS.labels(tenant=tenant_id, kind=kind.value).set(counts.get(kind, 0))
