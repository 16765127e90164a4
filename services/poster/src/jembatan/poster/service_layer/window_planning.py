"""Planning a closed window: its held facts → documents in the posting ledger.

Planning is also re-planning (the engine's `Replanner`): documents already sent (sending, posted,
unknown) are never touched; planned and failed ones are rebuilt from the facts held now; missing
ones are added; ones the facts no longer need, never sent, are removed. So planning a window twice
creates nothing new, and a re-delivered fact corrects every document not yet posted.

A window of any size costs a handful of statements: its facts, its links, its existing documents
and the customers its documents wait for are each read in one query. The windows a consumer batch
completes are planned together at the batch's end (`plan_soon`, `plan_deferred`;
docs/poster-intake.md).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from jembatan.accurate import jsonbody
from jembatan.contracts.ledger import CustomerPaymentFact, Fact, OutletSnapshot, RefundFact
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Posting
from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.drafts import DocumentDraft
from ..domain.held_facts import read_fact
from ..domain.posting import State
from ..domain.recipes import OriginalInvoice, invoice_key, order_invoice_key, settled_invoice_keys
from ..domain.window_documents import REFUSALS, WindowFacts, window_documents
from ..domain.windows import WindowState
from .intake_rows import DeferredPlan, intake_rows
from .intake_rows import locked as locked_row

UNTOUCHABLE = (State.SENDING, State.POSTED, State.UNKNOWN)
_POSTING: sa.Table = Posting.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WindowPlan:
    """What a window's held facts make now: its drafts, or one placeholder and the refusal."""

    drafts: list[DocumentDraft]
    refusal: str | None
    fact_keys: list[str]
    walk_ins: frozenset[str] = frozenset()  # walk-in customers exist already: nothing to wait for


async def held_facts(session: AsyncSession, tenant_id: str, window_id: str) -> list[HeldFact]:
    query = select(HeldFact).where(HeldFact.tenant_id == tenant_id, HeldFact.window_id == window_id)
    return list((await session.exec(query.order_by(col(HeldFact.occurred_at)))).all())


async def window_drafts(
    session: AsyncSession,
    window: PostingWindow,
    held: list[HeldFact] | None = None,
    facts: list[Fact] | None = None,
) -> WindowPlan:
    """The documents the window's held facts make now (nothing is written); `held` when known, and
    `facts`, those held facts read."""
    if held is None:
        held = await held_facts(session, window.tenant_id, window.window_id)
    keys = [h.fact_key for h in held]
    if facts is None:
        facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
    settled = await _settled_invoices(session, window.tenant_id, facts)
    try:
        drafts = window_documents(
            WindowFacts(
                tenant_id=window.tenant_id,
                window_id=window.window_id,
                opened_at=window.opened_at,
                closed_at=window.closed_at,
                facts=facts,
                late=any(h.late for h in held),
                original_invoices=await _original_invoices(session, window, facts),
                invoice_numbers={order_id: doc.number for order_id, doc in settled.items()},
            )
        )
    except REFUSALS as exc:
        return WindowPlan([_placeholder(window, keys)], str(exc), keys)
    walk_ins = frozenset(
        outlet.walk_in_customer_no
        for f in facts
        if isinstance(outlet := getattr(f, "outlet", None), OutletSnapshot)
    )
    return WindowPlan(_payments_after_their_invoices(drafts, settled), None, keys, walk_ins)


async def _one_customer_per_number(
    session: AsyncSession, tenant_id: str, drafts: list[DocumentDraft]
) -> list[DocumentDraft]:
    """A member is one customer in Accurate: a customer draft whose number another document holds
    already (the member's webhook, or an earlier sale) is dropped, and what waited for it waits for
    that document instead. (A later change of the member is not sent: see docs/posting.md.)"""
    customers = [d for d in drafts if d.document_type == "customer"]
    if not customers:
        return drafts
    query = select(Posting.number, Posting.document_key).where(
        Posting.tenant_id == tenant_id,
        Posting.document_type == "customer",
        col(Posting.number).in_(sorted({d.number for d in customers})),
        col(Posting.document_key).not_in(sorted(d.key for d in customers)),
    )
    holder: dict[str, str] = dict((await session.exec(query)).all())
    alias: dict[str, str] = {}
    kept: list[DocumentDraft] = []
    for draft in drafts:
        if draft.document_type == "customer":
            if draft.number in holder:
                alias[draft.key] = holder[draft.number]
                continue
            holder[draft.number] = draft.key
        kept.append(draft)
    return [
        dataclasses.replace(d, depends_on=alias[d.depends_on]) if d.depends_on in alias else d for d in kept
    ]


async def _returns_after_receipts(session: AsyncSession, drafts: list[DocumentDraft]) -> list[DocumentDraft]:
    """A return against an earlier window's invoice waits for that window's last receipt (its receipts
    go out one after another): sent before them, it would lower what the invoice owes and Accurate
    would refuse a receipt as paying more than that."""
    own = {d.key for d in drafts}
    earlier = {d.depends_on for d in drafts if d.document_type == "sales-return" and d.depends_on
               and d.depends_on not in own and ":sales-invoice:" in d.depends_on}  # fmt: skip
    if not earlier:
        return drafts
    last: dict[str, str] = {}
    for original in sorted(k for k in earlier if k):
        invoice = await session.get(Posting, original)
        tail = original
        for _ in range(50):  # one receipt per payment account: a short chain
            query = select(Posting.document_key).where(
                Posting.depends_on == tail,
                Posting.document_type == "sales-receipt",
                Posting.window_id == (invoice.window_id if invoice else None),
            )
            found = (await session.exec(query.order_by(col(Posting.document_key)))).first()
            if found is None:
                break
            tail = found
        last[original] = tail
    return [
        dataclasses.replace(d, depends_on=last[d.depends_on])
        if d.document_type == "sales-return" and d.depends_on in last
        else d
        for d in drafts
    ]


async def _original_invoices(
    session: AsyncSession, window: PostingWindow, facts: list[Fact]
) -> dict[str, OriginalInvoice]:
    """Order id → the invoice an earlier window posted it in, for each order refunded here.

    An order's own invoice (real time, on account) is keyed by the order; a walk-in order's is its
    window's summary invoice: the window its held sale fact joined."""
    tenant = window.tenant_id
    orders = sorted({f.refund.order_id for f in facts if isinstance(f, RefundFact)})
    if not orders:
        return {}
    sale_keys = [f"order:{order_id}" for order_id in orders]
    query = select(HeldFact.fact_key, HeldFact.window_id).where(
        HeldFact.tenant_id == tenant, col(HeldFact.fact_key).in_(sale_keys)
    )
    sale_window = {key.removeprefix("order:"): wid for key, wid in (await session.exec(query)).all()}
    candidates: dict[str, list[str]] = {}
    for order_id in orders:
        where = sale_window.get(order_id)
        if where == window.window_id:
            continue  # sold in this very window: the recipe knows its invoice
        candidates[order_id] = [order_invoice_key(tenant, order_id)]
        if where is not None:
            candidates[order_id].append(invoice_key(tenant, where))
    found = await _postings_by_key(session, {k for keys in candidates.values() for k in keys})
    out: dict[str, OriginalInvoice] = {}
    for order_id, keys in candidates.items():
        doc = next((found[k] for k in keys if k in found), None)
        if doc is not None:
            customer = json.loads(doc.body or "{}").get("customerNo")
            out[order_id] = OriginalInvoice(doc.document_key, doc.number, customer)
    return out


async def _settled_invoices(session: AsyncSession, tenant_id: str, facts: list[Fact]) -> dict[str, Posting]:
    """Order id → the on-account invoice (in the ledger) each customer payment here settles."""
    keys: dict[str, str] = {}
    for fact in facts:
        if isinstance(fact, CustomerPaymentFact):
            keys.update(settled_invoice_keys(tenant_id, fact))
    found = await _postings_by_key(session, set(keys.values()))
    return {order_id: found[key] for order_id, key in keys.items() if key in found}


def _payments_after_their_invoices(
    drafts: list[DocumentDraft], settled: dict[str, Posting]
) -> list[DocumentDraft]:
    """A member's payment receipt waits for an invoice it pays that is not posted yet (the recipe
    names the first; a receipt paying several must wait for whichever is still on its way)."""
    if not settled:
        return drafts
    by_number = {doc.number: doc for doc in settled.values()}
    out = []
    for d in drafts:
        if d.document_type == "sales-receipt" and ":sales-receipt:customer-payment:" in d.key:
            paid = [
                by_number[i["invoiceNo"]]
                for i in d.body.get("detailInvoice", [])
                if i["invoiceNo"] in by_number
            ]
            waiting = [doc.document_key for doc in paid if doc.state != State.POSTED]
            if waiting and d.depends_on not in waiting:
                d = dataclasses.replace(d, depends_on=waiting[0])
        out.append(d)
    return out


async def _postings_by_key(session: AsyncSession, keys: set[str]) -> dict[str, Posting]:
    if not keys:
        return {}
    query = select(Posting).where(
        col(Posting.document_key).in_(sorted(keys)), Posting.document_type == "sales-invoice"
    )
    return {p.document_key: p for p in (await session.exec(query)).all()}


async def plan_window(
    session: AsyncSession,
    tenant_id: str,
    window_id: str,
    *,
    revive_failed: bool = False,
    locked: PostingWindow | None = None,
    held: list[HeldFact] | None = None,
) -> int:
    """Plan (or re-plan) a window's documents; returns how many new documents entered the ledger.

    Failed documents get their rebuilt bodies but stay failed (a retry sends them) unless
    `revive_failed`: a re-delivered fact is the fix arriving, so they are planned again at once.
    `locked`: the window, when the caller already holds its row lock in this transaction;
    `held`: its facts, when the caller has them all (a real-time window's one fact).
    Windows a batch completed before (`plan_soon`) are planned first: documents follow the facts' order.
    """
    window = locked or await locked_row(session, PostingWindow, (tenant_id, window_id))
    if window is None:
        return 0
    new = await plan_deferred(session)
    planned_before, now = _mark_planned(session, window)
    return new + await _plan_marked(session, window, planned_before, now, held, revive_failed)


async def plan_soon(
    session: AsyncSession,
    window: PostingWindow,
    *,
    held: list[HeldFact] | None = None,
    revive_failed: bool = False,
) -> int:
    """`plan_window` for a window the caller holds locked — at once, or while a batch of facts is
    taken in (`intake_rows`), at the batch's end with the other windows it completed
    (`plan_deferred`). The window is marked planned at once either way: the batch's later facts
    find it gone out, as they would have."""
    rows = intake_rows(session)
    if rows is None:
        return await plan_window(
            session, window.tenant_id, window.window_id, revive_failed=revive_failed, locked=window, held=held
        )
    waiting = rows.plans.get((window.tenant_id, window.window_id))
    if waiting is not None:  # completed again in this batch (a fact re-delivered): its facts are read then
        waiting.held, waiting.revive_failed = None, waiting.revive_failed or revive_failed
        return 0
    planned_before, now = _mark_planned(session, window)
    rows.plans[(window.tenant_id, window.window_id)] = DeferredPlan(
        window, planned_before, now, held, revive_failed
    )
    return 0


async def plan_deferred(session: AsyncSession) -> int:
    """Plan the windows the batch completed (`plan_soon`), in that order; returns the new documents.

    Windows of plain facts (a walk-in sale, a transfer, a payout) read nothing to make their drafts:
    theirs are made one after the other, and the documents they may already have are read in ONE
    query for all of them. A window whose drafts read the ledger — a refund (its original invoice),
    a customer payment (the invoices it settles), a member (their customer document) — is planned
    on its own, after the windows before it are written, as `plan_window` does."""
    rows = intake_rows(session)
    if rows is None or not rows.plans:
        return 0
    waiting = list(rows.plans.values())
    rows.plans.clear()
    new = 0
    ready: list[tuple[DeferredPlan, WindowPlan]] = []
    for item in waiting:
        window = item.window
        held = (
            item.held
            if item.held is not None
            else await held_facts(session, window.tenant_id, window.window_id)
        )
        facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
        plan = None if _reads_the_ledger(facts) else await window_drafts(session, window, held, facts)
        if plan is None or _has_customers(plan):
            new += await _write_ready(session, ready)
            ready = []
            new += await _plan_marked(
                session, window, item.planned_before, item.now, held, item.revive_failed
            )
            continue
        ready.append((item, plan))
    return new + await _write_ready(session, ready)


def _reads_the_ledger(facts: list[Fact]) -> bool:
    return any(isinstance(f, RefundFact | CustomerPaymentFact) for f in facts)


def _has_customers(plan: WindowPlan) -> bool:
    """Drafts `_one_customer_per_number` or `_customer_documents` would look up."""
    return any(
        d.document_type in ("customer", "sales-return")
        or (d.body.get("customerNo") and str(d.body["customerNo"]) not in plan.walk_ins)
        for d in plan.drafts
    )


async def _write_ready(session: AsyncSession, ready: list[tuple[DeferredPlan, WindowPlan]]) -> int:
    """Write the drafts of plain windows: their existing documents read in one query."""
    if not ready:
        return 0
    known: dict[str, set[str]] = {}
    for item, _ in ready:
        if item.planned_before:
            known[item.window.window_id] = await _links(session, item.window)
    keys = [d.key for _, plan in ready for d in plan.drafts]
    existing = await _postings(session, set(keys).union(*known.values()))
    # New documents in one multi-row INSERT, no ORM object each — unless a key comes twice (then as
    # ORM rows: the second window rebuilds the first one's document, as one at a time). No real input
    # makes a key come twice today: each window is here once (`plan_soon` merges a window completed
    # again), each fact is held in one window, and a plain window's keys are its own — its id
    # (summary invoice and receipts, placeholder) or its facts' source ids (order, transfer,
    # adjustment, count, payout); customer documents, the one key windows share, never come here
    # (`_has_customers`). Kept as a guard for a recipe that breaks that: the INSERT would fail the
    # batch on the key twice. tests/poster/windows/test_intake_same_key.py checks both.
    inserts: list[dict[str, Any]] | None = [] if len(keys) == len(set(keys)) else None
    new = 0
    replan: set[str] = set()
    for item, plan in ready:
        own = known.get(item.window.window_id, set())
        new += await _write(
            session, item.window, plan, own, existing, {}, item.now, item.revive_failed, inserts
        )
        if plan.refusal is None and _has_order_invoice(item.window.tenant_id, plan):
            replan.add(item.window.tenant_id)
    if inserts:
        await (await session.connection()).execute(sa.insert(_POSTING), inserts)
    for tenant_id in sorted(replan):
        new += await _replan_waiting_payments(session, tenant_id)
    return new


def _mark_planned(session: AsyncSession, window: PostingWindow) -> tuple[bool, datetime]:
    """Mark the window planned; returns whether it was planned before (then it has documents linked
    to it) and the time."""
    now = datetime.now(UTC)
    planned_before = window.planned_at is not None
    window.state, window.planned_at, window.updated_at = WindowState.PLANNED, window.planned_at or now, now
    session.add(window)  # a window created in this transaction is inserted already planned
    return planned_before, now


async def _plan_marked(
    session: AsyncSession,
    window: PostingWindow,
    planned_before: bool,
    now: datetime,
    held: list[HeldFact] | None,
    revive_failed: bool,
) -> int:
    tenant_id = window.tenant_id
    plan = await window_drafts(session, window, held)
    drafts = await _one_customer_per_number(session, tenant_id, plan.drafts)
    plan = dataclasses.replace(plan, drafts=await _returns_after_receipts(session, drafts))
    known = await _links(session, window) if planned_before else set()
    existing = await _postings(session, {d.key for d in plan.drafts} | known)
    customers = await _customer_documents(session, tenant_id, plan)
    new = await _write(session, window, plan, known, existing, customers, now, revive_failed)
    if plan.refusal is None and _has_order_invoice(tenant_id, plan):
        new += await _replan_waiting_payments(session, tenant_id)
    return new


async def _links(session: AsyncSession, window: PostingWindow) -> set[str]:
    """The documents linked to a window planned before."""
    links = select(Posting.document_key).where(
        Posting.tenant_id == window.tenant_id, Posting.window_id == window.window_id
    )
    return set((await session.exec(links)).all())


def _has_order_invoice(tenant_id: str, plan: WindowPlan) -> bool:
    return any(d.key.startswith(order_invoice_key(tenant_id, "")) for d in plan.drafts)


async def _write(
    session: AsyncSession,
    window: PostingWindow,
    plan: WindowPlan,
    known: set[str],
    existing: dict[str, Posting],
    customers: dict[str, str],
    now: datetime,
    revive_failed: bool,
    inserts: list[dict[str, Any]] | None = None,
) -> int:
    """A window's drafts into the ledger: new documents added (to `inserts` when given, else to the
    session), existing ones rebuilt; without a refusal the documents its facts no longer need, never
    sent, are dropped. Returns how many are new."""
    new = 0
    for draft in plan.drafts:
        depends_on = draft.depends_on or customers.get(str(draft.body.get("customerNo")))
        activity = _ledger_fields(draft, window, plan.fact_keys)
        doc = existing.get(draft.key)
        if doc is None and inserts is not None:
            inserts.append(_new_row(draft, window, plan.refusal, now, depends_on, activity))
            new += 1
        elif doc is None:
            existing[draft.key] = doc = _new_posting(draft, window, plan.refusal, now, depends_on, activity)
            session.add(doc)
            new += 1
        else:
            _rebuild(doc, draft, plan.refusal, now, depends_on, activity, revive_failed)
    if plan.refusal is None:  # facts that no longer need a document: drop the ones never sent
        for key in known - {d.key for d in plan.drafts}:
            await _drop_unsent(session, existing.get(key))
    return new


async def _replan_waiting_payments(session: AsyncSession, tenant_id: str) -> int:
    """Customer payments refused because the invoice they settle was not planned yet: try again now
    that an order's own invoice has been planned (a payment can arrive before its shift closes)."""
    query = select(Posting.window_id).where(
        Posting.tenant_id == tenant_id,
        Posting.document_type == "window",
        Posting.state == State.FAILED,
        col(Posting.window_id).startswith("customer-payment:"),
    )
    waiting = sorted({w for w in (await session.exec(query)).all() if w})
    new = 0
    for window_id in waiting:
        new += await plan_window(session, tenant_id, window_id, revive_failed=True)
    return new


async def window_of_document(session: AsyncSession, document_key: str) -> str | None:
    """The window a document was planned for (the engine's retry re-plans that window)."""
    return (await session.exec(select(Posting.window_id).where(Posting.document_key == document_key))).first()


class WindowReplanner:
    """The engine's `Replanner`: rebuild every not-yet-posted document of a window from its facts."""

    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        await plan_window(session, tenant_id, window_id)


async def _postings(session: AsyncSession, keys: set[str]) -> dict[str, Posting]:
    if not keys:
        return {}
    query = select(Posting).where(col(Posting.document_key).in_(sorted(keys))).with_for_update()
    return {p.document_key: p for p in (await session.exec(query)).all()}


async def _customer_documents(session: AsyncSession, tenant_id: str, plan: WindowPlan) -> dict[str, str]:
    """Customer number → the key of its customer document not yet posted (documents for a member
    wait for it: customers first)."""
    numbers = {
        str(d.body["customerNo"])
        for d in plan.drafts
        if d.body.get("customerNo") and d.document_type != "customer"
    } - plan.walk_ins
    if not numbers:
        return {}
    query = select(Posting.number, Posting.document_key).where(
        Posting.tenant_id == tenant_id,
        Posting.document_type == "customer",
        col(Posting.number).in_(sorted(numbers)),
        col(Posting.state) != State.POSTED,
    )
    return {number: key for number, key in (await session.exec(query)).all()}


def _ledger_fields(draft: DocumentDraft, window: PostingWindow, fact_keys: list[str]) -> dict[str, Any]:
    """The activity columns of the posting ledger (kind, outlet, window, facts) where it has them."""
    wanted = {
        "kind": str(draft.kind),
        "outlet_id": draft.outlet_id or window.outlet_id,
        "window_id": window.window_id,
        "fact_ids": fact_keys,
    }
    return {name: value for name, value in wanted.items() if name in Posting.model_fields}


def _new_posting(
    draft: DocumentDraft,
    window: PostingWindow,
    refusal: str | None,
    now: datetime,
    depends_on: str | None,
    activity: dict[str, Any],
) -> Posting:
    return Posting(**_new_row(draft, window, refusal, now, depends_on, activity))


def _new_row(
    draft: DocumentDraft,
    window: PostingWindow,
    refusal: str | None,
    now: datetime,
    depends_on: str | None,
    activity: dict[str, Any],
) -> dict[str, Any]:
    """A new document's row, every column named (one multi-row INSERT takes the same columns)."""
    return {
        "document_key": draft.key,
        "tenant_id": window.tenant_id,
        "document_type": draft.document_type,
        "number": draft.number,
        "body": jsonbody.dumps(draft.body),
        "state": State.FAILED if refusal else State.PLANNED,
        "depends_on": depends_on,
        "source_ids": draft.source_ids,
        "accurate_id": None,
        "message": refusal,
        "attempts": 0,
        "occurred_at": window.closed_at,
        "created_at": now,
        "updated_at": now,
        "next_attempt_at": None,
        **activity,
    }


def _rebuild(
    doc: Posting,
    draft: DocumentDraft,
    refusal: str | None,
    now: datetime,
    depends_on: str | None,
    activity: dict[str, Any],
    revive_failed: bool,
) -> None:
    if doc.state in UNTOUCHABLE or (refusal is not None and doc.state == State.PLANNED):
        return
    doc.number, doc.body, doc.depends_on = draft.number, jsonbody.dumps(draft.body), depends_on
    doc.document_type, doc.source_ids = draft.document_type, draft.source_ids
    if refusal is not None:
        doc.state, doc.message = State.FAILED, refusal
    elif doc.state == State.FAILED and revive_failed:
        doc.state, doc.message = State.PLANNED, None  # failed → planned: rebuilt after a fix
    doc.updated_at = now
    for name, value in activity.items():
        setattr(doc, name, value)


async def _drop_unsent(session: AsyncSession, doc: Posting | None) -> None:
    if doc is None or doc.state not in (State.PLANNED, State.FAILED):
        return
    await session.delete(doc)


def _placeholder(window: PostingWindow, fact_keys: list[str]) -> DocumentDraft:
    """A visible failed row standing for a window that cannot become documents yet."""
    key = f"{window.tenant_id}:window:{window.window_id}"
    number = "unplanned-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return DocumentDraft(
        key=key,
        document_type="window",
        number=number,
        body={},
        source_ids=fact_keys,
        window_id=window.window_id,
    )
