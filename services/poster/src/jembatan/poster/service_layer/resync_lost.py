"""Re-sync's repair of what Accurate lost: the posted documents of a range are looked up in Accurate
by number (one `list.do` per document kind over the range's dates, not one call per document); those
Accurate no longer holds (deleted there after posting) are planned again, with the same number, and
the sender posts them. Adoption by number still guards against a duplicate (a document that reappears
meanwhile is adopted, not saved twice)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime

from jembatan.accurate.dates import accurate_date
from jembatan.platform.db import Database
from sqlmodel import col, select

from ..adapters.posting_ledger import report
from ..adapters.tables import Posting
from ..adapters.window_tables import PostingWindow
from ..domain.posting import LOST, State, resend_lost
from ..domain.windows import WindowState
from .ports import AccurateApi

PAGE = 100
# Master records carry a `transDate` (their opening balance's) but are not documents of a day:
# a customer is found by `customerNo` and is never looked up here.
MASTER_DATA = frozenset({"customer", "vendor", "item"})


async def send_again_lost(
    db: Database, accurate: AccurateApi, tenant_id: str, start: datetime, end: datetime
) -> list[str]:
    """Plan again every posted document of the windows closed in [start, end) that Accurate no longer
    holds; returns their numbers. Master records (customers) are not looked up."""
    async with db.session() as session:
        windows = select(PostingWindow.window_id).where(
            PostingWindow.tenant_id == tenant_id,
            PostingWindow.state == WindowState.PLANNED,
            col(PostingWindow.closed_at) >= start,
            col(PostingWindow.closed_at) < end,
        )
        posted = (
            await session.exec(
                select(Posting).where(
                    Posting.tenant_id == tenant_id,
                    Posting.state == State.POSTED,
                    col(Posting.window_id).in_(windows),
                )
            )
        ).all()
    lost: list[str] = []
    for module, dated in _dated_by_kind(posted).items():
        days = [day for _, day in dated]
        held = await numbers_in_accurate(accurate, module, min(days), max(days))
        lost += [doc.document_key for doc, _ in dated if doc.number not in held]
    if not lost:
        return []
    now, again = datetime.now(UTC), []
    async with db.session() as session:
        query = select(Posting).where(col(Posting.document_key).in_(lost)).with_for_update()
        for doc in (await session.exec(query)).all():
            if doc.state != State.POSTED:  # changed meanwhile: leave it to whoever changed it
                continue
            doc.state = resend_lost(State(doc.state))
            doc.message, doc.next_attempt_at, doc.accurate_id, doc.updated_at = LOST, None, None, now
            session.add(doc)
            report(session, doc)
            again.append(doc.number)
    return sorted(again)


async def numbers_in_accurate(accurate: AccurateApi, module: str, first: date, last: date) -> set[str]:
    """The numbers of every `module` document Accurate holds dated `first`..`last` (page by page)."""
    span = ("BETWEEN", [accurate_date(first), accurate_date(last)])
    numbers: set[str] = set()
    page = 1
    while True:
        got = await accurate.list(module, ["id", "number"], {"transDate": span}, page, PAGE)
        numbers |= {str(row["number"]) for row in got.rows if row.get("number") is not None}
        if not got.rows or not got.has_next:
            return numbers
        page = got.page + 1


def _dated_by_kind(posted: Sequence[Posting]) -> dict[str, list[tuple[Posting, date]]]:
    out: dict[str, list[tuple[Posting, date]]] = defaultdict(list)
    for doc in posted:
        if doc.document_type in MASTER_DATA:  # keyed by their own number field; a date is not theirs
            continue
        try:
            trans_date = json.loads(doc.body).get("transDate")
        except ValueError:
            continue
        if isinstance(trans_date, str):
            out[doc.document_type].append((doc, datetime.strptime(trans_date, "%d/%m/%Y").date()))
    return out
