"""The sender on PostgreSQL against the Accurate sandbox over HTTP: bulk results, two replicas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
from engine_sandbox import CallLog, SandboxGateway, order_documents, plan, seed_books
from jembatan.platform.db import Database
from jembatan.poster.adapters.posting_ledger import SqlPostingLedger
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.bootstrap import MIGRATIONS
from jembatan.poster.domain.posting import State
from jembatan.poster.service_layer.sender import PostingWorker
from jembatan.sandbox.accurate.testing import (
    SandboxApi,
    SandboxProcess,
    create_database,
    start_sandbox,
    stop_sandbox,
)
from sqlmodel import select

pytestmark = pytest.mark.integration
TENANT = "toko-satu"
CALL_TIME = 3.0  # the longest a bulk call takes on the test machine


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    running = start_sandbox()
    yield running
    stop_sandbox(running)


@pytest.fixture
def accurate(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Satu", branches=["Pusat"]))
    seed_books(api)
    yield api
    api.close()


@pytest.fixture
async def db(postgres_url: str, unique_name: Any) -> AsyncIterator[Database]:
    database = Database(postgres_url, unique_name("poster"))
    await database.migrate(MIGRATIONS)
    yield database
    await database.dispose()


async def ledger_rows(db: Database) -> dict[str, Posting]:
    async with db.session() as session:
        return {row.number: row for row in (await session.exec(select(Posting))).all()}


async def in_state(db: Database, state: State) -> int:
    async with db.session() as session:
        return len((await session.exec(select(Posting.document_key).where(Posting.state == state))).all())


async def test_each_bulk_record_result_lands_on_its_own_ledger_row(
    db: Database, sandbox: SandboxProcess, accurate: SandboxApi
) -> None:
    rows = [
        doc for i in range(5) for doc in order_documents(TENANT, i, item="TIDAK-ADA" if i == 2 else "JASA")
    ]
    await plan(db, [r for r in rows if r.document_type == "sales-invoice"])
    gateway = SandboxGateway(sandbox, accurate.creds, TENANT)
    await PostingWorker(SqlPostingLedger(db), gateway).run_until_idle()
    await gateway.close()

    ledger = await ledger_rows(db)
    assert {n: r.state for n, r in ledger.items()} == {
        "SI-000000": "posted", "SI-000001": "posted", "SI-000002": "failed", "SI-000003": "posted", "SI-000004": "posted"
    }  # fmt: skip
    assert "TIDAK-ADA" in (ledger["SI-000002"].message or "")
    saved = accurate.get("sales-invoice/detail.do", number="SI-000003")["d"]
    assert ledger["SI-000003"].accurate_id == saved["id"]


async def test_two_replicas_send_every_document_once_within_the_budget(
    db: Database, sandbox: SandboxProcess, accurate: SandboxApi
) -> None:
    await plan(db, [doc for i in range(150) for doc in order_documents(TENANT, i)])
    calls = CallLog()
    gateways = [SandboxGateway(sandbox, accurate.creds, TENANT, calls) for _ in range(2)]
    workers = [PostingWorker(SqlPostingLedger(db), g, replica=f"replica-{n}") for n, g in enumerate(gateways)]
    await asyncio.gather(*(w.run_until_idle() for w in workers))
    for gateway in gateways:
        await gateway.close()

    ledger = await ledger_rows(db)
    assert {r.state for r in ledger.values()} == {State.POSTED}
    assert {r.attempts for r in ledger.values()} == {1}  # nothing sent twice
    assert calls.most_in_flight() <= 8
    assert calls.most_started_within(1.0) <= 8


async def test_a_replica_killed_mid_send_is_taken_over_without_duplicates(
    db: Database, sandbox: SandboxProcess, accurate: SandboxApi
) -> None:
    await plan(db, [doc for i in range(300) for doc in order_documents(TENANT, i)])
    calls = CallLog()
    first, second = (SandboxGateway(sandbox, accurate.creds, TENANT, calls) for _ in range(2))
    lease = timedelta(seconds=1)
    doomed = PostingWorker(SqlPostingLedger(db), first, replica="doomed", lease=lease)
    await doomed.schedule()
    while not await in_state(db, State.SENDING):  # mid-send: the crash must interrupt calls
        await asyncio.sleep(0.05)
    for task in list(doomed.tasks.values()):
        task.cancel()  # a crash: its calls are cut off mid-way, its `sending` rows stay
    await asyncio.gather(*doomed.tasks.values(), return_exceptions=True)
    # Its last calls still run inside Accurate; in production the lease (45 s) outlasts a call's
    # timeout (30 s), here the survivor waits as long as those calls can take.
    await asyncio.sleep(lease.total_seconds() + CALL_TIME)
    await PostingWorker(SqlPostingLedger(db), second, replica="survivor", lease=lease).run_until_idle()
    await first.close()
    await second.close()

    ledger = await ledger_rows(db)
    recovered = [r for r in ledger.values() if r.message == "adopted by number" or r.attempts > 1]
    assert recovered  # the crash interrupted calls, and the survivor looked them up
    assert {r.state for r in ledger.values()} == {State.POSTED}
    listing = accurate.get("sales-invoice/list.do", **{"fields": "number", "sp.pageSize": 1000})
    numbers = [row["number"] for row in listing["d"]]
    assert sorted(numbers) == sorted(n for n in ledger if n.startswith("SI-"))
    assert calls.most_in_flight() <= 8


async def test_new_members_are_found_missing_with_one_look_up_and_created_before_their_invoices(
    db: Database, sandbox: SandboxProcess, accurate: SandboxApi
) -> None:
    rows = [doc for i in range(6) for doc in order_documents(TENANT, i)]
    for index, member in ((1, "C-M001"), (4, "C-M002")):  # two members the books do not know yet
        for doc in rows[2 * index : 2 * index + 2]:
            doc.body = doc.body.replace('"C-WALKIN"', f'"{member}"')
    await plan(db, rows)
    calls = CallLog()
    gateway = SandboxGateway(sandbox, accurate.creds, TENANT, calls)
    await PostingWorker(SqlPostingLedger(db), gateway).run_until_idle()
    await gateway.close()

    assert {r.state for r in (await ledger_rows(db)).values()} == {State.POSTED}
    customer_calls = [e for e in calls.endpoints if e.startswith("customer/")]
    assert customer_calls == ["customer/list.do", "customer/save.do", "customer/save.do"]
    await asyncio.sleep(1.1)  # the sender just used this second's 8 requests
    listing = accurate.get("customer/list.do", **{"fields": "customerNo", "sp.pageSize": 100})
    assert {row["customerNo"] for row in listing["d"]} == {"C-WALKIN", "C-M001", "C-M002"}
