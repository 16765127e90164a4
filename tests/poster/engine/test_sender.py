"""The sender on fakes: crash recovery, adoption, bulk results, dependencies, budget, fairness, caps."""

from __future__ import annotations

import asyncio
from typing import Any

from engine_fakes import Clock, FakeAccurate, FakeGateway, FakeLedger, document
from jembatan.accurate import AccurateError, FailureKind
from jembatan.poster.domain.posting import State
from jembatan.poster.domain.scheduling import MAX_ATTEMPTS, backoff
from jembatan.poster.service_layer.sender import PostingWorker


def worker(
    ledger: FakeLedger, gateway: FakeGateway, clock: Clock | None = None, replica: str = "r1"
) -> PostingWorker:
    return PostingWorker(ledger, gateway, replica=replica, clock=clock or Clock())


def refusal(message: str = "Pelanggan tidak ditemukan") -> AccurateError:
    return AccurateError(FailureKind.VALIDATION, [message])


async def test_a_crash_while_sending_adopts_what_reached_accurate_without_sending_again() -> None:
    accurate = FakeAccurate(records={"SI-1": {"number": "SI-1", "id": 7}})
    ledger = FakeLedger().add(document("SI-1", state=State.SENDING, attempts=1))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert (ledger.state("t1:SI-1"), ledger.rows["t1:SI-1"].accurate_id) == (State.POSTED, 7)
    assert accurate.saves() == 0


async def test_a_crash_before_the_call_reached_accurate_sends_the_document_once() -> None:
    accurate = FakeAccurate()
    ledger = FakeLedger().add(document("SI-1", state=State.SENDING, attempts=1))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert ledger.state("t1:SI-1") == State.POSTED
    assert [action for _, action, _ in accurate.calls] == ["detail", "save"]


async def test_a_duplicate_number_adopts_the_document_already_in_accurate() -> None:
    accurate = FakeAccurate(records={"SI-1": {"number": "SI-1", "id": 41}})
    ledger = FakeLedger().add(document("SI-1"))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    doc = ledger.rows["t1:SI-1"]
    assert (doc.state, doc.accurate_id, doc.message) == (State.POSTED, 41, "adopted by number")


async def test_a_reply_lost_after_accurate_saved_is_adopted_not_resent() -> None:
    accurate = FakeAccurate(drop_after_commit={"SI-1"})
    ledger = FakeLedger().add(document("SI-1"))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert ledger.state("t1:SI-1") == State.POSTED
    assert accurate.saves() == 1


async def test_a_bulk_call_with_a_lost_reply_is_resolved_with_one_look_up() -> None:
    accurate = FakeAccurate(call_errors=[AccurateError(FailureKind.UNKNOWN_OUTCOME, ["read timeout"])])
    accurate.records["SI-0"] = {"number": "SI-0", "id": 5}  # only the first reached Accurate
    ledger = FakeLedger().add(*(document(f"SI-{i}", created=i) for i in range(3)))
    clock = Clock()
    sender = worker(ledger, FakeGateway({"t1": accurate}), clock)
    await sender.run_until_idle()
    clock.advance(backoff(1).total_seconds())
    await sender.run_until_idle()
    assert [action for _, action, _ in accurate.calls] == ["bulk-save", "list", "bulk-save"]
    assert ledger.rows["t1:SI-0"].message == "adopted by number"
    assert all(ledger.state(f"t1:SI-{i}") == State.POSTED for i in range(3))


async def test_documents_waiting_together_go_in_one_bulk_call() -> None:
    accurate = FakeAccurate()
    ledger = FakeLedger().add(*(document(f"SI-{i}", created=i) for i in range(3)))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert accurate.calls == [("sales-invoice", "bulk-save", 3)]


async def test_each_bulk_record_result_lands_on_its_own_document() -> None:
    accurate = FakeAccurate(refuse={"SI-1": refusal("Pelanggan C-9 tidak ditemukan")})
    ledger = FakeLedger().add(*(document(f"SI-{i}", created=i) for i in range(3)))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert [ledger.state(f"t1:SI-{i}") for i in range(3)] == [State.POSTED, State.FAILED, State.POSTED]
    assert "Pelanggan C-9 tidak ditemukan" in (ledger.rows["t1:SI-1"].message or "")
    assert ledger.rows["t1:SI-2"].accurate_id == accurate.records["SI-2"]["id"]


async def test_every_posted_and_failed_document_is_published() -> None:
    accurate = FakeAccurate(refuse={"SI-1": refusal()})
    ledger = FakeLedger().add(*(document(f"SI-{i}", created=i) for i in range(2)))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert sorted(ledger.published) == [("t1:SI-0", State.POSTED), ("t1:SI-1", State.FAILED)]


async def test_a_receipt_is_sent_only_after_its_invoice_is_posted() -> None:
    accurate = FakeAccurate()
    ledger = FakeLedger().add(
        document("SI-1"), document("SR-1", module="sales-receipt", depends_on="t1:SI-1", created=1)
    )
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert [module for module, _, _ in accurate.calls] == ["sales-invoice", "sales-receipt"]
    assert ledger.state("t1:SR-1") == State.POSTED


async def test_a_failed_invoice_parks_its_receipt_visibly() -> None:
    accurate = FakeAccurate(refuse={"SI-1": refusal()})
    ledger = FakeLedger().add(
        document("SI-1"), document("SR-1", module="sales-receipt", depends_on="t1:SI-1", created=1)
    )
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    receipt = ledger.rows["t1:SR-1"]
    assert receipt.state == State.PLANNED
    assert "SI-1" in (receipt.message or "") and "failed" in (receipt.message or "")
    assert [module for module, _, _ in accurate.calls] == ["sales-invoice"]


async def test_no_more_than_eight_calls_are_in_flight_for_one_database() -> None:
    accurate = FakeAccurate()
    ledger = FakeLedger().add(*(document(f"SI-{i:05}", created=i) for i in range(2000)))
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert accurate.most_in_flight == 8
    assert all(ledger.state(key) == State.POSTED for key in ledger.rows)
    assert accurate.saves() == 20


async def test_a_tenant_without_a_connection_waits_with_growing_backoff() -> None:
    clock = Clock()
    ledger = FakeLedger().add(document("SI-1"))
    sender = worker(ledger, FakeGateway(), clock)
    await sender.run_until_idle()
    first = ledger.leases["t1"].paused_until
    clock.now = first  # type: ignore[assignment]
    await sender.run_until_idle()
    assert first == Clock().now + backoff(1)
    assert ledger.leases["t1"].paused_until == clock.now + backoff(2)
    assert ledger.leases["t1"].reason == "Accurate is not connected"
    assert ledger.state("t1:SI-1") == State.PLANNED


async def test_a_paused_tenant_is_not_scheduled_before_its_next_attempt() -> None:
    ledger = FakeLedger().add(document("SI-1"))
    sender = worker(ledger, FakeGateway())
    await sender.run_until_idle()
    assert await sender.schedule() == []


async def test_a_tenant_whose_accurate_hangs_does_not_delay_another() -> None:
    stuck = FakeAccurate(gate=asyncio.Event())  # never answers until released
    healthy = FakeAccurate()
    ledger = FakeLedger().add(document("A-1", tenant="ta"), document("B-1", tenant="tb", created=1))
    sender = worker(ledger, FakeGateway({"ta": stuck, "tb": healthy}))
    await sender.schedule()
    await asyncio.wait_for(sender.tasks["tb"], timeout=2)
    assert ledger.state("tb:B-1") == State.POSTED
    assert not sender.tasks["ta"].done()
    await sender.stop()


async def test_a_tenant_whose_accurate_is_down_waits_while_another_posts() -> None:
    down = FakeAccurate(call_errors=[AccurateError(FailureKind.NETWORK, ["connection refused"])])
    ledger = FakeLedger().add(document("A-1", tenant="ta"), document("B-1", tenant="tb", created=1))
    await worker(ledger, FakeGateway({"ta": down, "tb": FakeAccurate()})).run_until_idle()
    assert ledger.state("tb:B-1") == State.POSTED
    assert ledger.state("ta:A-1") == State.PLANNED
    assert ledger.leases["ta"].paused_until is not None


async def test_persistent_server_errors_fail_the_document_at_the_attempts_cap() -> None:
    clock = Clock()
    accurate = FakeAccurate(call_errors=[AccurateError(FailureKind.SERVER, ["HTTP 502"]) for _ in range(50)])
    ledger = FakeLedger().add(document("SI-1"))
    sender = worker(ledger, FakeGateway({"t1": accurate}), clock)
    for _ in range(MAX_ATTEMPTS + 2):
        await sender.run_until_idle()
        clock.advance(backoff(100).total_seconds())
    doc = ledger.rows["t1:SI-1"]
    assert (doc.state, doc.attempts) == (State.FAILED, MAX_ATTEMPTS)
    assert "HTTP 502" in (doc.message or "")


async def test_a_tenant_leased_by_another_live_replica_is_left_alone() -> None:
    clock = Clock()
    ledger = FakeLedger().add(document("SI-1"))
    await ledger.claim("t1", "r2", clock.now, clock.now + backoff(5))
    sender = worker(ledger, FakeGateway({"t1": FakeAccurate()}), clock)
    assert await sender.schedule() == []


async def test_a_lease_left_by_a_crashed_replica_is_taken_over_after_it_expires() -> None:
    clock = Clock()
    accurate = FakeAccurate()
    ledger = FakeLedger().add(document("SI-1", state=State.SENDING, attempts=1))
    await ledger.claim("t1", "crashed", clock.now, clock.now + backoff(1))
    clock.advance(backoff(1).total_seconds() + 1)
    await worker(ledger, FakeGateway({"t1": accurate}), clock).run_until_idle()
    assert ledger.state("t1:SI-1") == State.POSTED
    assert accurate.saves() == 1


class SlowToSettle(FakeLedger):
    """A ledger whose writes of outcomes hang until released (a busy database)."""

    def __init__(self) -> None:
        super().__init__()
        self.unblocked = asyncio.Event()

    async def settle(self, outcomes: Any, now: Any) -> None:
        await self.unblocked.wait()
        await super().settle(outcomes, now)


async def test_slow_bookkeeping_never_holds_back_the_next_calls() -> None:
    accurate = FakeAccurate()
    ledger = SlowToSettle()
    ledger.add(*(document(f"SI-{i:05}", created=i) for i in range(3000)))
    sender = worker(ledger, FakeGateway({"t1": accurate}))
    drained = asyncio.create_task(sender.drain("t1"))
    for _ in range(200):
        await asyncio.sleep(0)
    assert accurate.saves() == 30  # every call went out while none of them was settled yet
    ledger.unblocked.set()
    await drained
    assert all(ledger.state(key) == State.POSTED for key in ledger.rows)


async def test_the_customers_a_round_names_are_looked_up_with_one_call_and_the_missing_created() -> None:
    accurate = FakeAccurate(records={"C-WALKIN": {"customerNo": "C-WALKIN", "id": 3}})
    ledger = FakeLedger().add(
        *(
            document(f"SI-{i}", created=i, body={"number": f"SI-{i}", "customerNo": customer})
            for i, customer in enumerate(["C-WALKIN", "C-M1", "C-M2", "C-M1"])
        )
    )
    await worker(ledger, FakeGateway({"t1": accurate})).run_until_idle()
    assert accurate.calls == [
        ("customer", "list", 1),
        ("customer", "save", 1),
        ("customer", "save", 1),
        ("sales-invoice", "bulk-save", 4),
    ]
    assert {"C-M1", "C-M2"} <= set(accurate.records)
    assert all(ledger.state(key) == State.POSTED for key in ledger.rows)
