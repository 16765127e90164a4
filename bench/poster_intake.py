"""Benchmark: the poster's intake — CPU and statements per ledger fact, as its consumer runs it.

    uv run python bench/poster_intake.py [--batches 10] [--out bench/results/poster_intake.json]

What it does: on a fresh PostgreSQL database, the poster's consumer handler (`facts_handler`, the
one `bootstrap` wires) takes `--batches` batches of 200 ledger facts through `handle_batch`, one
transaction per batch as `IdempotentConsumer` does, in three shapes:

- `real time`: completed walk-in orders (two lines, cash + QRIS) of an outlet posting in real
  time: each order is its own window, planned at once (an invoice and its receipts);
- `shift close`: completed orders of an outlet posting at shift close, without a shift id (as
  iSeller sends them), on two registers; each register's shift closes after `--shift-orders` of
  its orders (the close lists them), which plans the shift's window;
- `mix`: the two outlets' facts interleaved, one in two.

Each shape runs twice (fresh order ids each time). CPU per fact is this process's CPU over the
batches ÷ facts (PostgreSQL's own CPU not included); statements are those sent to the database
(SQLAlchemy's `before_cursor_execute`, as tests/mapper/test_batch_writes.py counts them). Every fact
must be held, every held order placed in a planned window, and the documents per order the same
in every run. To measure another checkout, run this file with that checkout's code first on
PYTHONPATH.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import (
    Fact,
    OutletSnapshot,
    PostingLine,
    PostingPayment,
    SaleFact,
    ShiftClosedFact,
    SyncMode,
)
from jembatan.contracts.pos import OrderCompleted, RegisterShiftClosed
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, create_database_sync, drop_database_sync
from jembatan.platform.consumer import handle_batch
from jembatan.platform.db import Database
from jembatan.platform.statement_counter import StatementCounter
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.adapters.window_tables import HeldFact, PostingWindow
from jembatan.poster.bootstrap import MIGRATIONS
from jembatan.poster.entrypoints.facts import facts_handler
from jembatan.poster.service_layer.shift_closing import Grace
from sqlmodel import func, select

BATCH = 200
TENANT = "toko-1"
DAY = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
ACCOUNTS = {"cash": "1-1110", "iseller_pay": "1-1150"}


def outlet(outlet_id: str, mode: SyncMode) -> OutletSnapshot:
    return OutletSnapshot.model_validate({
        "outlet_id": outlet_id, "outlet_code": outlet_id[-2:].upper(), "branch_name": "Kantor Pusat",
        "warehouse_name": "Gudang", "walk_in_customer_no": f"C-WALKIN-{outlet_id}", "sync_mode": mode,
        "iseller_pay_clearing_account": "1-1150", "service_charge_account": "4-2000", "rounding_account": "7-1000",
    })  # fmt: skip


REAL_TIME = outlet("outlet-ho", SyncMode.REAL_TIME)
SHIFT_CLOSE = outlet("outlet-mall", SyncMode.SHIFT_CLOSE)


def sale(order_id: str, when: datetime, shop: OutletSnapshot, register: str) -> SaleFact:
    order = OrderCompleted.model_validate({
        "order_id": order_id, "order_reference": f"#{order_id}", "outlet_id": shop.outlet_id,
        "register_id": register, "register_shift_id": None, "closed_at": when.isoformat(),
        "lines": [
            {"line_id": "l1", "product_id": "p1", "sku": "KOPI", "name": "Kopi", "quantity": "1", "unit_price": "31500"},
            {"line_id": "l2", "product_id": "p2", "sku": "ROTI", "name": "Roti", "quantity": "1", "unit_price": "20000"},
        ],
        "total_amount": "51500",
        "payments": [
            {"transaction_id": f"{order_id}-c", "gateway": "cash", "payment_type_name": "Cash", "amount": "20000"},
            {"transaction_id": f"{order_id}-q", "gateway": "iseller_pay", "payment_type_name": "QRIS", "amount": "31500"},
        ],
    })  # fmt: skip
    lines = [PostingLine(source_line_id=ln.line_id, item_no=ln.sku or "", quantity=ln.quantity,
                         unit_price=ln.unit_price) for ln in order.lines]  # fmt: skip
    payments = [PostingPayment(transaction_id=p.transaction_id, account_no=ACCOUNTS[p.gateway], gateway=p.gateway,
                               payment_type_name=p.payment_type_name, amount=p.amount) for p in order.payments]  # fmt: skip
    return SaleFact(
        order=order, outlet=shop, customer_no=shop.walk_in_customer_no, lines=lines, payments=payments
    )


def shift_close(
    shift_id: str, register: str, opened: datetime, closed: datetime, orders: list[str]
) -> ShiftClosedFact:
    shift = RegisterShiftClosed(
        register_shift_id=shift_id, register_id=register, outlet_id=SHIFT_CLOSE.outlet_id, opened_at=opened,
        closed_at=closed, order_count=len(orders), order_ids=orders,
    )  # fmt: skip
    return ShiftClosedFact(shift=shift, outlet=SHIFT_CLOSE)


def envelope(fact: Fact) -> Envelope:
    schema = "ledger.sale/1" if isinstance(fact, SaleFact) else "ledger.shift_closed/1"
    payload = fact.model_dump(mode="json")
    return Envelope(
        id=stable_id(schema, json.dumps(payload, sort_keys=True)), type=schema.split("/")[0], tenant_id=TENANT,
        occurred_at=DAY, correlation_id="bench", schema_=schema, payload=payload,
    )  # fmt: skip


class Clock:
    """Each order a second after the one before, from `DAY` on."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def real_time_facts(run: str, clock: Clock) -> Iterator[Fact]:
    n = 0
    while True:
        n += 1
        yield sale(f"{run}-rt-{n}", clock.tick(), REAL_TIME, "reg-ho")


def shift_close_facts(run: str, clock: Clock, shift_orders: int) -> Iterator[Fact]:
    """Orders on two registers, one after the other; a register's shift closes after `shift_orders`."""
    open_orders: dict[str, list[str]] = {"reg-1": [], "reg-2": []}
    opened: dict[str, datetime] = {}
    shifts, n = 0, 0
    while True:
        for register, held in open_orders.items():
            n += 1
            when = clock.tick()
            opened.setdefault(register, when - timedelta(seconds=1))
            held.append(f"{run}-sc-{n}")
            yield sale(held[-1], when, SHIFT_CLOSE, register)
            if len(held) >= shift_orders:
                shifts += 1
                yield shift_close(
                    f"{run}-shift-{shifts}", register, opened.pop(register), clock.tick(), list(held)
                )
                held.clear()


def mixed_facts(run: str, clock: Clock, shift_orders: int) -> Iterator[Fact]:
    real_time, shift = real_time_facts(run, clock), shift_close_facts(run, clock, shift_orders)
    while True:
        yield next(real_time)
        yield next(shift)


def facts_of(shape: str, run: str, clock: Clock, shift_orders: int) -> Iterator[Fact]:
    if shape == "real time":
        return real_time_facts(run, clock)
    if shape == "shift close":
        return shift_close_facts(run, clock, shift_orders)
    return mixed_facts(run, clock, shift_orders)



async def count(db: Database, query: Any) -> int:
    async with db.session() as session:
        return int((await session.exec(query)).one())


async def run(db: Database, batches: int, shift_orders: int) -> list[dict[str, Any]]:
    statements = StatementCounter(db)
    wakes = [0]

    def wake() -> None:
        wakes[0] += 1

    handler = facts_handler(Grace(), wake)
    rows: list[dict[str, Any]] = []
    clock = Clock(DAY)
    for attempt in (1, 2):
        for shape in ("real time", "shift close", "mix"):
            name = f"{shape.replace(' ', '')}{attempt}"
            source = facts_of(shape, name, clock, shift_orders)
            work = [[envelope(next(source)) for _ in range(BATCH)] for _ in range(batches)]
            facts = batches * BATCH
            held0 = await count(db, select(func.count()).select_from(HeldFact))
            docs0 = await count(db, select(func.count()).select_from(Posting))
            sent0 = statements.sent
            cpu0, t0 = time.process_time(), time.monotonic()
            for batch in work:
                await handle_batch(db, "poster", batch, handler)
            cpu, wall = time.process_time() - cpu0, time.monotonic() - t0
            sent = statements.sent - sent0
            orders = sum(1 for batch in work for e in batch if e.schema_ == "ledger.sale/1")
            shifts = facts - orders
            rows.append({
                "run": shape, "attempt": attempt, "facts": facts, "orders": orders, "shift_closes": shifts,
                "held": await count(db, select(func.count()).select_from(HeldFact)) - held0,
                "documents": await count(db, select(func.count()).select_from(Posting)) - docs0,
                "cpu_ms_per_fact": round(1000 * cpu / facts, 3),
                "statements_per_batch": round(sent / batches, 1),
                "statements_per_fact": round(sent / facts, 3),
                "facts_per_s_wall": round(facts / wall, 1),
            })  # fmt: skip
            print(rows[-1], flush=True)
    unplanned_windows = await count(
        db,
        select(func.count()).select_from(PostingWindow).where(PostingWindow.state != "planned"),
    )
    waiting = await count(
        db,
        select(func.count()).select_from(HeldFact).where(HeldFact.window_id == None),  # noqa: E711
    )
    rows.append(
        {"check": "after all runs", "windows_not_planned": unplanned_windows, "held_without_window": waiting}
    )
    print(rows[-1], flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--shift-orders", type=int, default=150, help="orders of a register per shift")
    parser.add_argument("--out", type=Path, default=Path("bench/results/poster_intake.json"))
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    os.environ.setdefault("JEMBATAN_ENVIRONMENT", "development")
    server = os.environ.get("JEMBATAN_TEST_PG_URL", DEFAULT_SERVER_URL)
    name = f"bench_poster_{os.getpid()}"
    load_before = [round(x, 2) for x in os.getloadavg()]

    async def go() -> list[dict[str, Any]]:
        db = Database(create_database_sync(server, name), "poster")
        try:
            await db.migrate(MIGRATIONS)
            return await run(db, args.batches, args.shift_orders)
        finally:
            await db.dispose()

    try:
        rows = asyncio.run(go())
    finally:
        drop_database_sync(server, name)
    report = {
        "benchmark": "poster_intake", "label": args.label, "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "batch_size": BATCH, "shift_orders": args.shift_orders, "cpus": os.cpu_count(),
        "load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()], "runs": rows,
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    measured = [r for r in rows if "run" in r]
    check = rows[-1]
    per_order = {r["run"]: r["documents"] for r in measured if r["attempt"] == 1}
    ok = (
        all(r["held"] == r["facts"] for r in measured)
        and all(r["documents"] == per_order[r["run"]] for r in measured)
        and check["held_without_window"] <= 4 * 2 * args.shift_orders  # shifts still open at the end
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
