"""Benchmark: one outbox relay draining a backlog to the broker — messages/s and CPU per message.

    uv run python bench/relay_rate.py [--rows 20000] [--repeat 2] [--out bench/results/relay_rate.json]
    uv run python bench/relay_rate.py --pass-rows 1 --rows 2000   # the cost of one small pass

What it does:
1. Starts tansu (memory storage) and creates a fresh PostgreSQL database with an `outbox` table
   (and `outbox_dead_letter`) in a schema of its own, and a 4-partition topic.
2. Puts `--sent-rows` rows already sent into the outbox (a service keeps its sent rows), then
   fills it with `--rows` unsent rows of ~3 KB (`--body-bytes`; the size of a completed
   order's `pos.events` envelope), keyed by `--tenants` tenant ids, as a service's transactions
   would have left them behind a stalled relay.
3. Runs the real `OutboxRelay.run()` with the real `KafkaPublisher` (acks=all) in this process
   until every row is sent (counted through the relay's per-batch `report` hook, which both the
   old and the new code have), and measures wall time, this process's CPU (user + system) and
   tansu's CPU over the drain. The producer is started (one message sent) before the clock starts.
4. Reads the topic back: every row must be on it exactly once (by message id) and each tenant's
   messages in the order of their rows (per-key order, which the consumers rely on).

Run with another checkout's relay by putting its `libs/platform/src` and `libs/contracts/src`
first on `PYTHONPATH` (bench/README.md). `--repeat` drains a fresh backlog that many times.
`--pass-rows N` makes every pass claim exactly N rows (the relay's base and largest batch both N):
the cost of the small passes a relay makes at a webhook's pace (`relay_cpu_ms_per_pass`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from jembatan.devstack.broker import start_broker
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, create_database_sync, drop_database_sync
from jembatan.platform import outbox as outbox_module
from jembatan.platform.db import Database
from jembatan.platform.kafka import KafkaPublisher, ensure_topics
from jembatan.platform.outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay
from jembatan.platform.settings import ServiceSettings
from sqlmodel import SQLModel

TOPIC = "bench.relay.v1"
SCHEMA = "relaybench"  # written out in `fill_sent` too


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of process `pid` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


async def fill(db: Database, rows: int, tenants: int, body_bytes: int, first_seq: int) -> None:
    table: sa.Table = OutboxMessage.__table__  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    padding = "x" * max(0, body_bytes - 200)
    chunk: list[dict[str, Any]] = []
    async with db.engine.begin() as conn:
        for n in range(rows):
            message_id = str(uuid.uuid4())
            tenant = f"tenant-{n % tenants:03d}"
            body = json.dumps(
                {"id": message_id, "tenant_id": tenant, "seq": first_seq + n, "payload": padding}
            ).encode()
            chunk.append(
                {"topic": TOPIC, "key": tenant, "message_id": message_id, "body": body, "created_at": now}
            )
            if len(chunk) == 1000:
                await conn.execute(sa.insert(table), chunk)
                chunk = []
        if chunk:
            await conn.execute(sa.insert(table), chunk)
    async with db.engine.connect() as conn:  # the planner knows the backlog, as autovacuum would tell it
        await (await conn.execution_options(isolation_level="AUTOCOMMIT")).exec_driver_sql(
            f'ANALYZE "{SCHEMA}".outbox'
        )


async def fill_sent(db: Database, rows: int, body_bytes: int) -> None:
    """Rows relayed long ago: the outbox keeps sent rows, and the claim must not walk past them."""
    if rows:
        async with db.engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "INSERT INTO relaybench.outbox (topic, key, message_id, body, created_at, sent_at) "
                    "SELECT :topic, 'tenant-' || (g % 20), md5(g::text), "
                    "convert_to(repeat(md5(g::text), :repeat), 'UTF8'), now(), now() "
                    "FROM generate_series(1, :rows) g"
                ),
                {"topic": TOPIC, "repeat": max(1, body_bytes // 32), "rows": rows},
            )


async def drain(
    db: Database, settings: ServiceSettings, rows: int, tansu_pid: int | None, pass_rows: int = 0
) -> dict[str, Any]:
    publisher = KafkaPublisher(settings)
    await publisher.publish_many([(TOPIC, "warm-up", b"{}")])  # producer started, metadata known
    sizes = {"batch_size": pass_rows, "max_batch_size": pass_rows} if pass_rows else {}
    relay = OutboxRelay(db, publisher, service="bench", **sizes)
    sent = 0
    batches: list[int] = []
    done = asyncio.Event()

    def report(n: int, dead: int) -> None:
        nonlocal sent
        sent += n
        batches.append(n)
        if sent >= rows:
            done.set()

    relay.report = report
    load_before = load_average()
    tansu_before = cpu_of(tansu_pid) if tansu_pid else 0.0
    cpu_before = time.process_time()
    started = time.perf_counter()
    running = asyncio.create_task(relay.run())
    await done.wait()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    tansu_cpu = (cpu_of(tansu_pid) - tansu_before) if tansu_pid else None
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    await publisher.close()
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "messages_per_s": round(rows / seconds, 1),
        "relay_cpu_ms_per_message": round(cpu * 1000 / rows, 4),
        "relay_cpu_ms_per_pass": round(cpu * 1000 / len(batches), 4) if batches else None,
        "relay_cpu_share_of_wall": round(cpu / seconds, 3),
        "tansu_cpu_ms_per_message": round(tansu_cpu * 1000 / rows, 4) if tansu_cpu is not None else None,
        "batches": len(batches),
        "mean_batch": round(sum(batches) / len(batches), 1) if batches else 0,
        "largest_batch": max(batches, default=0),
        "load_average_1min": [load_before, load_average()],
    }


async def read_back(bootstrap: str, expected: int) -> dict[str, Any]:
    """Every message once (by id) and each tenant's in row order; the warm-up messages ignored."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, max_partition_fetch_bytes=8 << 20
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC) or [])]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        ids: dict[str, int] = {}
        last_seq: dict[str, int] = {}
        out_of_order = 0
        read = 0

        async def behind() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in partitions])

        while await behind():
            for records in (await consumer.getmany(timeout_ms=1000, max_records=5000)).values():
                for record in records:
                    read += 1
                    if record.key == b"warm-up":
                        continue
                    body = json.loads(record.value)
                    ids[body["id"]] = ids.get(body["id"], 0) + 1
                    tenant, seq = body["tenant_id"], body["seq"]
                    if seq <= last_seq.get(tenant, -1):
                        out_of_order += 1
                    last_seq[tenant] = seq
    finally:
        await consumer.stop()
    return {
        "distinct_on_topic": len(ids),
        "repeats_on_topic": sum(n - 1 for n in ids.values()),
        "out_of_order": out_of_order,
        "all_once_in_order": len(ids) == expected and out_of_order == 0,
    }


async def run(
    args: argparse.Namespace, database_url: str, bootstrap: str, tansu_pid: int | None
) -> dict[str, Any]:
    await ensure_topics(bootstrap, [TOPIC])
    settings = ServiceSettings(service_name="bench", kafka_bootstrap=bootstrap, environment="development")
    db = Database(database_url, SCHEMA)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
        tables = [OutboxMessage.__table__, OutboxDeadLetter.__table__]  # type: ignore[attr-defined]
        await conn.run_sync(lambda c: SQLModel.metadata.create_all(c, tables=tables))
    runs = []
    try:
        await fill_sent(db, args.sent_rows, args.body_bytes)
        for n in range(args.repeat):
            await fill(db, args.rows, args.tenants, args.body_bytes, first_seq=n * args.rows)
            runs.append(await drain(db, settings, args.rows, tansu_pid, args.pass_rows))
            print(json.dumps(runs[-1]), file=sys.stderr)
        check = await read_back(bootstrap, args.rows * args.repeat)
    finally:
        await db.dispose()
    return {"runs": runs, "check": check}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--tenants", type=int, default=20)
    parser.add_argument("--body-bytes", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--sent-rows", type=int, default=100_000, help="rows already sent, kept in the table")
    parser.add_argument("--pass-rows", type=int, default=0, help="every pass claims exactly this many rows")
    parser.add_argument("--label", default="")
    parser.add_argument("--out", type=Path, default=Path("bench/results/relay_rate.json"))
    args = parser.parse_args()
    server = os.environ.get("JEMBATAN_TEST_PG_URL", DEFAULT_SERVER_URL)
    name = f"bench_relay_{os.getpid()}"
    database_url = create_database_sync(server, name)
    broker = start_broker(Path(tempfile.mkdtemp(prefix="jembatan-bench-relay-")))
    try:
        tansu_pid = broker.child.pid if broker.child is not None else None
        result = asyncio.run(run(args, database_url, broker.bootstrap, tansu_pid))
    finally:
        broker.stop()
        drop_database_sync(server, name)
    report = {
        "benchmark": "relay_rate",
        "label": args.label,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "relay_code": str(Path(outbox_module.__file__).resolve()),
        "rows": args.rows,
        "tenants": args.tenants,
        "body_bytes": args.body_bytes,
        "sent_rows_before": args.sent_rows,
        "pass_rows": args.pass_rows or None,
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if result["check"]["all_once_in_order"] else 1


if __name__ == "__main__":
    sys.exit(main())
