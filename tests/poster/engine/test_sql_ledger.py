"""The SQL posting ledger's scheduling rules, on PostgreSQL and on SQLite (one replica)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from engine_sandbox import START, order_documents, plan
from jembatan.platform.db import Database
from jembatan.poster.adapters.posting_ledger import SqlPostingLedger
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.bootstrap import MIGRATIONS
from jembatan.poster.domain.posting import State
from jembatan.poster.domain.scheduling import Outcome

pytestmark = pytest.mark.integration
LATER = START + timedelta(minutes=1)


@pytest.fixture(params=["postgresql", "sqlite"])
async def ledger(
    request: Any, postgres_url: str, unique_name: Any, tmp_path: Path
) -> AsyncIterator[SqlPostingLedger]:
    if request.param == "postgresql":
        db = Database(postgres_url, unique_name("poster"))
    else:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'poster.db'}", "poster")
    await db.migrate(MIGRATIONS)
    await plan(db, order_documents("toko", 0) + order_documents("lain", 1))
    yield SqlPostingLedger(db)
    await db.dispose()


async def test_a_receipt_is_not_due_before_its_invoice_is_posted(ledger: SqlPostingLedger) -> None:
    assert [d.number for d in await ledger.due("toko", LATER, 10)] == ["SI-000000"]
    await ledger.start_sending(["toko:order-0:invoice"], LATER)
    await ledger.settle([Outcome("toko:order-0:invoice", State.POSTED, accurate_id=9)], LATER)
    assert [d.number for d in await ledger.due("toko", LATER, 10)] == ["SR-000000"]


async def test_a_paused_tenant_has_no_due_work_until_its_pause_ends(ledger: SqlPostingLedger) -> None:
    await ledger.pause("toko", LATER + timedelta(seconds=30), "Accurate is not connected")
    assert await ledger.tenants_with_due_work(LATER) == ["lain"]
    assert await ledger.tenants_with_due_work(LATER + timedelta(seconds=31)) == ["toko", "lain"]


async def test_a_paused_tenants_documents_show_when_and_why_they_wait(ledger: SqlPostingLedger) -> None:
    until = LATER + timedelta(seconds=30)
    await ledger.pause("toko", until, "Accurate is not connected")
    async with ledger.db.session() as session:
        invoice = await session.get(Posting, "toko:order-0:invoice")
    assert invoice is not None
    assert (invoice.next_attempt_at, invoice.message) == (until, "Accurate is not connected")


async def test_reconnecting_ends_the_pause(ledger: SqlPostingLedger) -> None:
    await ledger.pause("toko", LATER + timedelta(minutes=5), "Accurate is not connected")
    await ledger.resume("toko")
    assert "toko" in await ledger.tenants_with_due_work(LATER)
    assert [d.number for d in await ledger.due("toko", LATER, 10)] == ["SI-000000"]


async def test_only_one_holder_gets_a_live_lease(ledger: SqlPostingLedger) -> None:
    assert await ledger.claim("toko", "a", LATER, LATER + timedelta(seconds=45))
    assert not await ledger.claim("toko", "b", LATER + timedelta(seconds=10), LATER + timedelta(seconds=55))
    assert await ledger.claim("toko", "b", LATER + timedelta(seconds=46), LATER + timedelta(seconds=91))


async def test_a_tenant_leased_by_another_live_replica_is_not_offered(ledger: SqlPostingLedger) -> None:
    await ledger.claim("toko", "a", LATER, LATER + timedelta(seconds=45))
    assert await ledger.tenants_with_due_work(LATER, "b") == ["lain"]
    assert await ledger.tenants_with_due_work(LATER, "a") == ["toko", "lain"]
    assert await ledger.tenants_with_due_work(LATER + timedelta(seconds=46), "b") == ["toko", "lain"]


async def test_a_released_lease_is_free_at_once(ledger: SqlPostingLedger) -> None:
    await ledger.claim("toko", "a", LATER, LATER + timedelta(seconds=45))
    await ledger.release("toko", "a")
    assert await ledger.claim("toko", "b", LATER, LATER + timedelta(seconds=45))


async def test_a_failed_invoice_parks_its_receipt_with_a_reason(ledger: SqlPostingLedger) -> None:
    await ledger.start_sending(["toko:order-0:invoice"], LATER)
    await ledger.settle([Outcome("toko:order-0:invoice", State.FAILED, "Barang tidak ditemukan")], LATER)
    assert await ledger.due("toko", LATER, 10) == []
    assert await ledger.tenants_with_due_work(LATER) == ["lain"]
    async with ledger.db.session() as session:
        receipt = await session.get(Posting, "toko:order-0:receipt")
    assert receipt is not None and receipt.state == State.PLANNED
    assert receipt.message == "waiting for SI-000000, which failed; retry it first"


async def test_a_document_waiting_for_its_next_attempt_is_not_due(ledger: SqlPostingLedger) -> None:
    await ledger.start_sending(["toko:order-0:invoice"], LATER)
    retry_at = LATER + timedelta(seconds=4)
    await ledger.settle(
        [Outcome("toko:order-0:invoice", State.PLANNED, "HTTP 503", next_attempt_at=retry_at)], LATER
    )
    assert await ledger.due("toko", LATER, 10) == []
    assert [d.attempts for d in await ledger.due("toko", retry_at, 10)] == [1]


async def test_receipts_count_as_coming_while_their_invoice_is_out(ledger: SqlPostingLedger) -> None:
    invoices = ["toko:order-0:invoice", "lain:order-1:invoice"]
    await ledger.start_sending(invoices, LATER)
    assert await ledger.coming(invoices, LATER) == {"sales-receipt": 2}
    assert await ledger.coming(["toko:order-0:receipt"], LATER) == {}
    await ledger.settle([Outcome(invoices[0], State.POSTED, accurate_id=9)], LATER)
    await ledger.start_sending(["toko:order-0:receipt"], LATER)
    assert await ledger.coming(invoices, LATER) == {"sales-receipt": 1}  # the other is already sent
