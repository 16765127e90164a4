"""The window verbs: preview (the documents and totals, posting nothing), post now, re-sync."""

from datetime import timedelta
from decimal import Decimal

from jembatan.contracts.ledger import SyncMode
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.service_layer.window_verbs import post_window_now, preview_window, resync
from window_db import documents, mark_all_posted, take, windows
from window_facts import TENANT, at, outlet, sale

SHOP = outlet(SyncMode.SHIFT_CLOSE)
DAY_START, DAY_END = at(-7), at(17)


async def test_a_preview_shows_the_windows_documents_and_totals_and_posts_nothing(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    await take(db, sale("o2", at(2), SHOP, shift="S1", cash="30000"))
    async with db.session() as session:
        seen = await preview_window(session, TENANT, "shift:S1")
    assert seen is not None
    assert (seen.orders, seen.sales_total) == (2, Decimal(51500) + Decimal(61500))
    assert seen.documents and all(d.window_id == "shift:S1" for d in seen.documents)
    assert seen.document_totals["sales-invoice"] == Decimal(113000)
    assert await documents(db) == {}
    assert (await windows(db))["shift:S1"].state == "open"


async def test_post_now_plans_an_open_window_without_waiting_for_its_close(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    async with db.session() as session:
        new = await post_window_now(session, TENANT, "shift:S1")
    assert new and len(await documents(db)) == new
    assert (await windows(db))["shift:S1"].state == "planned"


async def test_resync_of_a_fully_posted_day_creates_zero_new_documents(db):
    for n in range(3):
        await take(db, sale(f"o{n}", at(n + 1), outlet()))
    await mark_all_posted(db)
    async with db.session() as session:
        looked_at, new = await resync(session, TENANT, DAY_START, DAY_END)
    assert (looked_at, new) == (3, 0)


async def test_resync_plans_a_document_missing_from_the_ledger(db):
    await take(db, sale("o1", at(1), outlet()))
    docs = await documents(db)
    lost = next(k for k, d in docs.items() if d.document_type == "sales-receipt")
    async with db.session() as session:
        await session.delete(await session.get(Posting, lost))
    async with db.session() as session:
        _, new = await resync(session, TENANT, DAY_START, DAY_END)
    assert new == 1 and lost in await documents(db)


async def test_resync_leaves_windows_outside_the_range_alone(db):
    await take(db, sale("o1", at(1), outlet()))
    async with db.session() as session:
        looked_at, _ = await resync(session, TENANT, at(2), at(2) + timedelta(days=1))
    assert looked_at == 0
