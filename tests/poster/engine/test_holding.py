"""The sender on fakes: a call that is not full waits (briefly) for documents about to become due,
so receipts released by several invoice calls leave together instead of in small batches."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

from engine_fakes import FakeAccurate, FakeGateway, FakeLedger, document
from jembatan.accurate import RecordResult
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.domain.posting import State
from jembatan.poster.service_layer.sender import PostingWorker

PER_CALL = 10


class StaggeredAccurate(FakeAccurate):
    """Invoice calls answer one after another (the n-th after n × `step` seconds); the call whose
    first invoice is in `stuck` waits for `release`."""

    def __init__(self, step: float = 0.02, stuck: str | None = None) -> None:
        super().__init__()
        self.step, self.stuck, self.release = step, stuck, asyncio.Event()
        self.invoice_calls = 0
        self.receipts_sent_while_stuck: list[int] = []

    async def bulk_save(self, module: str, records: Iterable[Mapping[str, Any]]) -> list[RecordResult]:
        data = list(records)
        if module == "sales-invoice":
            self.invoice_calls += 1
            await asyncio.sleep(self.step * self.invoice_calls)
            if data[0]["number"] == self.stuck:
                await self.release.wait()
        elif not self.release.is_set():
            self.receipts_sent_while_stuck.append(len(data))
        return await super().bulk_save(module, data)


def orders(count: int, receipt_every: int = 2) -> list[Posting]:
    """`count` invoices; every `receipt_every`-th has a receipt waiting for it (created later)."""
    invoices = [document(f"SI-{i:03}", created=i) for i in range(count)]
    receipts = [
        document(f"SR-{i:03}", module="sales-receipt", depends_on=f"t1:SI-{i:03}", created=count + i)
        for i in range(0, count, receipt_every)
    ]
    return invoices + receipts


def sender(ledger: FakeLedger, accurate: FakeAccurate, hold: float = 5.0) -> PostingWorker:
    return PostingWorker(ledger, FakeGateway({"t1": accurate}), replica="r1", per_call=PER_CALL, hold=hold)


def receipt_calls(accurate: FakeAccurate) -> list[int]:
    return [count for module, action, count in accurate.calls if module == "sales-receipt"]


async def test_receipts_released_by_several_invoice_calls_leave_in_full_calls() -> None:
    accurate = StaggeredAccurate()
    accurate.release.set()
    ledger = FakeLedger().add(*orders(30))  # three invoice calls, each releasing 5 receipts
    await sender(ledger, accurate).run_until_idle()
    assert receipt_calls(accurate) == [10, 5]  # not 5, 5, 5
    assert all(ledger.state(key) == State.POSTED for key in ledger.rows)


async def test_without_holding_the_same_receipts_would_leave_in_three_calls() -> None:
    accurate = StaggeredAccurate()
    accurate.release.set()
    ledger = FakeLedger().add(*orders(30))
    await sender(ledger, accurate, hold=0).run_until_idle()
    assert receipt_calls(accurate) == [5, 5, 5]


async def test_a_held_call_leaves_after_the_hold_even_while_its_companions_are_stuck() -> None:
    accurate = StaggeredAccurate(stuck="SI-010")  # the second invoice call hangs
    ledger = FakeLedger().add(*orders(20))
    drained = asyncio.create_task(sender(ledger, accurate, hold=0.1).drain("t1"))
    for _ in range(100):
        await asyncio.sleep(0.02)
        if accurate.receipts_sent_while_stuck:
            break
    assert accurate.receipts_sent_while_stuck == [5]  # the first call's receipts did not wait forever
    assert ledger.state("t1:SR-010") == State.PLANNED
    accurate.release.set()
    await drained
    assert receipt_calls(accurate) == [5, 5]
    assert all(ledger.state(key) == State.POSTED for key in ledger.rows)


async def test_a_short_call_with_nothing_coming_leaves_at_once() -> None:
    accurate = FakeAccurate()
    ledger = FakeLedger().add(*(document(f"SI-{i}", created=i) for i in range(3)))
    ledger.add(document("SR-X", module="sales-receipt", created=9))  # its invoice was posted long ago
    await sender(ledger, accurate).run_until_idle()
    assert sorted(accurate.calls) == [("sales-invoice", "bulk-save", 3), ("sales-receipt", "save", 1)]
