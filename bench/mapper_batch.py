"""Benchmark: the mapper's CPU per event, as its consumer runs it (batches of 200 in one transaction).

    uv run python bench/mapper_batch.py [--batches 10] [--parked-every N] [--out bench/results/mapper_batch.json]

What it does: on a fresh PostgreSQL database, maps `--batches` batches of 200 distinct completed
orders (two lines, cash; one outlet mapped, two SKUs in Accurate) through `handle_batch` and
`map_event`, exactly as the mapper's consumer does, twice: without the lookup cache (each event
reads the tenant's settings, outlet and SKUs) and with it. CPU per event is this process's CPU
over the batches ÷ events (PostgreSQL's own CPU not included); every event must become a fact —
except, with `--parked-every N`, every Nth order, which comes from an outlet nobody mapped and must
be parked (the demo stack parks about one event in six).
To measure another checkout, run this file with that checkout's code first on PYTHONPATH (the
"without" rows then are that checkout's handler).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import OutletSnapshot, TaxSettings
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, create_database_sync, drop_database_sync
from jembatan.mapper.adapters.tables import CatalogueItem, OutletMappingRow, ParkedEvent
from jembatan.mapper.bootstrap import MIGRATIONS
from jembatan.mapper.domain.mapping import OutletMapping
from jembatan.mapper.service_layer.handlers import map_event
from jembatan.platform.consumer import handle_batch
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlmodel import func, select

try:
    from jembatan.mapper.adapters.lookup_cache import LookupCache
except ImportError:  # a checkout from before the cache
    LookupCache = None  # type: ignore[assignment,misc]

BATCH = 200


def order(n: int, parked_every: int = 0) -> Envelope:
    outlet = "outlet-xx" if parked_every and n % parked_every == 0 else "outlet-ho"
    payload = {
        "order_id": f"ord-{n}", "order_reference": f"#HO-{n}", "outlet_id": outlet, "outlet_code": "HO",
        "register_id": "reg-1", "closed_at": datetime(2026, 11, 25, 3, 0, tzinfo=UTC).isoformat(),
        "lines": [
            {"line_id": "l1", "product_id": "p1", "sku": "KOPI-L", "name": "Kopi Susu L", "quantity": "2",
             "unit_price": "25000", "discount_amount": "5000"},
            {"line_id": "l2", "product_id": "p2", "sku": "ROTI", "name": "Roti Bakar", "quantity": "1",
             "unit_price": "10000"},
        ],
        "order_discount_amount": "4000", "additional_subtotal_amount": "1000", "rounding_amount": "-500",
        "total_amount": "51500",
        "payments": [{"transaction_id": "t1", "gateway": "cash", "payment_type_name": "Cash", "amount": "51500"}],
    }  # fmt: skip
    return Envelope(
        id=stable_id("order", f"ord-{n}"), type="pos.order_completed", tenant_id="t1", outlet_id=outlet,
        occurred_at=datetime.now(UTC), correlation_id="bench", schema="pos.order_completed/1", payload=payload,
    )  # fmt: skip


async def prepare(db: Database) -> None:
    await db.migrate(MIGRATIONS)
    snapshot = OutletSnapshot(
        outlet_id="outlet-ho", outlet_code="HO", branch_name="Kantor Pusat", warehouse_name="Gudang HO",
        walk_in_customer_no="C-WALKIN-HO", tax=TaxSettings(),
    )  # fmt: skip
    mapping = OutletMapping(snapshot=snapshot, payment_accounts={"Cash": "1-1110"}).model_dump(mode="json")
    async with db.session() as session:
        session.add(
            OutletMappingRow(
                tenant_id="t1", outlet_id="outlet-ho", mapping=mapping, updated_at=datetime.now(UTC)
            )
        )
        session.add(CatalogueItem(tenant_id="t1", sku="KOPI-L", item_no="KOPI-L"))
        session.add(CatalogueItem(tenant_id="t1", sku="ROTI", item_no="ROTI"))


async def facts(db: Database) -> int:
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(OutboxMessage))).one())


async def parked(db: Database) -> int:
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(ParkedEvent))).one())


async def run(db: Database, batches: int, parked_every: int = 0) -> list[dict[str, Any]]:
    rows, n = [], 0
    for label in ("without cache", "with cache", "without cache", "with cache"):
        if label == "with cache" and LookupCache is None:
            continue
        cache = LookupCache() if label == "with cache" else None

        async def handler(session: Any, envelope: Envelope, cache: Any = cache) -> None:
            await (map_event(session, envelope, cache) if cache is not None else map_event(session, envelope))

        work = [[order(n + b * BATCH + i, parked_every) for i in range(BATCH)] for b in range(batches)]
        n += batches * BATCH
        before, parked_before = await facts(db), await parked(db)
        cpu0, t0 = time.process_time(), time.monotonic()
        for batch in work:
            await handle_batch(db, "mapper", batch, handler)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - t0
        made = await facts(db) - before
        to_park = sum(1 for batch in work for e in batch if e.outlet_id != "outlet-ho")
        rows.append({
            "run": label, "events": batches * BATCH, "facts": made, "parked": await parked(db) - parked_before,
            "expected_parked": to_park,
            "cpu_ms_per_event": round(1000 * cpu / (batches * BATCH), 3),
            "events_per_s_wall": round(batches * BATCH / wall, 1),
        })  # fmt: skip
        print(rows[-1], flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("bench/results/mapper_batch.json"))
    parser.add_argument("--label", default="")
    parser.add_argument("--parked-every", type=int, default=0, help="every Nth order parks (0: none)")
    args = parser.parse_args()
    os.environ.setdefault("JEMBATAN_ENVIRONMENT", "development")
    server = os.environ.get("JEMBATAN_TEST_PG_URL", DEFAULT_SERVER_URL)
    name = f"bench_mapper_{os.getpid()}"
    load_before = [round(x, 2) for x in os.getloadavg()]

    async def go() -> list[dict[str, Any]]:
        db = Database(create_database_sync(server, name), "mapper")
        try:
            await prepare(db)
            return await run(db, args.batches, args.parked_every)
        finally:
            await db.dispose()

    try:
        rows = asyncio.run(go())
    finally:
        drop_database_sync(server, name)
    report = {
        "benchmark": "mapper_batch", "label": args.label, "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "batch_size": BATCH, "parked_every": args.parked_every, "cpus": os.cpu_count(), "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()], "runs": rows,
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    ok = all(r["facts"] == r["events"] - r["expected_parked"] and r["parked"] == r["expected_parked"] for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
