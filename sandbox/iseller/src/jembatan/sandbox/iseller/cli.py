"""Command line: `serve` the pull API, `send` a day's signed webhooks, or write a day's `truth`.

    python -m jembatan.sandbox.iseller serve --port 8081 --seed 7 --date 2026-11-25
    python -m jembatan.sandbox.iseller send --target http://localhost:8000 --tenant demo \
        --api-key test-api-key --seed 7 --date 2026-11-25 --drop-rate 0.05 --truth truth.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn

from .config import DEMO, StoreConfig, sized
from .day import StoreDay, generate_day
from .delivery import FaultOptions, plan, send
from .oauth import TokenStore
from .pull_api import create_app


def _day(args: argparse.Namespace) -> StoreDay:
    config: StoreConfig = sized(args.orders) if args.orders else DEMO
    if args.realistic_shifts:
        config = replace(config, realistic_shifts=True)
    if args.outlets:
        config = replace(config, outlets=args.outlets)
    if args.clean_catalogue:
        config = replace(config, clean_catalogue=True)
    return generate_day(args.seed, date.fromisoformat(args.date), config)


def _write(path: str | None, data: Any) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


async def _serve(args: argparse.Namespace) -> None:
    day = _day(args)
    app = create_app(day, TokenStore(args.client_id, args.client_secret))
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task  # surfaces the start-up error
            return
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://{args.host}:{port}"
    print(
        json.dumps({"event": "ready", "url": url, "client_id": args.client_id, "orders": len(day.orders)}),
        flush=True,
    )
    await task


async def _send(args: argparse.Namespace) -> None:
    day = _day(args)
    options = FaultOptions(
        args.duplicate_rate,
        args.reorder_window,
        args.delay,
        args.drop_rate,
        seed=args.fault_seed if args.fault_seed is not None else args.seed,
    )
    delivery_plan = plan(day.deliveries, options)
    report = await send(delivery_plan, target=args.target, tenant=args.tenant, api_key=args.api_key)
    _write(args.truth, day.truth)
    summary = {
        "event": "sent",
        "deliveries": len(day.deliveries),
        "sent": report.sent,
        "statuses": report.statuses,
        "failures": report.failures,
        "dropped": [
            {"kind": d.kind, "seq": d.seq, "id": _source_id(d.payload)} for d in delivery_plan.dropped
        ],
    }
    _write(args.report, summary)
    print(json.dumps(summary), flush=True)


def _source_id(payload: dict[str, Any]) -> str:
    for key in (
        "order_id",
        "refund_id",
        "register_shift_id",
        "transfer_id",
        "adjustment_id",
        "stock_take_id",
        "payout_id",
        "customer_id",
        "settlement_id",
    ):
        if key in payload:
            return str(payload[key])
    return ""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m jembatan.sandbox.iseller",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "send", "truth"):
        sub = commands.add_parser(name)
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--date", default="2026-11-25")
        sub.add_argument("--orders", type=int, default=0, help="benchmark size (default: the demo store)")
        sub.add_argument(
            "--realistic-shifts",
            action="store_true",
            help="as real iSeller: no shift id on orders, no shift webhook (shifts via GetRegisterShifts)",
        )
        sub.add_argument("--outlets", type=int, default=0, help="number of outlets (default: the preset's)")
        sub.add_argument("--clean-catalogue", action="store_true", help="every product its own SKU")
    serve_cmd = commands.choices["serve"]
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve_cmd.add_argument("--client-id", default="test-client")
    serve_cmd.add_argument("--client-secret", default="test-secret")
    send_cmd = commands.choices["send"]
    send_cmd.add_argument("--target", required=True, help="base URL of the ingest service")
    send_cmd.add_argument("--tenant", required=True)
    send_cmd.add_argument("--api-key", required=True)
    send_cmd.add_argument("--duplicate-rate", type=float, default=0.0)
    send_cmd.add_argument("--reorder-window", type=int, default=0)
    send_cmd.add_argument("--delay", type=float, default=0.0)
    send_cmd.add_argument("--drop-rate", type=float, default=0.0)
    send_cmd.add_argument("--fault-seed", type=int, default=None)
    send_cmd.add_argument("--truth", default=None, help="write the ground truth JSON here")
    send_cmd.add_argument("--report", default=None, help="write the delivery report (with drops) here")
    commands.choices["truth"].add_argument("--out", default=None, help="file (default: stdout)")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        asyncio.run(_serve(args))
    elif args.command == "send":
        asyncio.run(_send(args))
    else:
        truth = _day(args).truth
        if args.out:
            _write(args.out, truth)
        else:
            sys.stdout.write(json.dumps(truth, indent=2, sort_keys=True) + "\n")
