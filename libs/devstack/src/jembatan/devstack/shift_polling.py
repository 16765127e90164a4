"""The demo day with shifts as real iSeller shows them (`demo.run(..., realistic_shifts=...)`).

Real orders carry no shift id and no webhook tells of a shift close: the store's register shifts
are learned by polling the pull API. So the tenant gets an iSeller API connection to the stack's
simulator (which serves the same day in the same form, `simulator_argv`), the day's webhooks are
played without any shift close, and a reconcile pull after the store day — the scheduler's tick
the next morning — finds the closed shifts in GetRegisterShifts. Ingest turns each into a shift
close with times and nothing to count; the poster's shift windows take their register's orders
and refunds, ask ingest to pull each shift's span (the completeness check), then post.

`RealisticShifts(lost_orders=n)` also loses every webhook of `n` completed orders at shift-close
outlets: only that span pull can bring them back.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from jembatan.sandbox.iseller.config import StoreConfig
from jembatan.sandbox.iseller.day import StoreDay
from jembatan.sandbox.iseller.store import Shift

from .sandboxes import ArgvFactory
from .stack import LocalStack
from .tenant_setup import Admin

# The simulator's default client (obviously fake, demo and tests only).
CLIENT_ID, CLIENT_SECRET = "test-client", "test-secret"


@dataclass(frozen=True)
class RealisticShifts:
    lost_orders: int = 0  # completed orders at shift-close outlets whose every webhook is lost
    seed: int = 0


def simulator_argv(seed: int, day: str, config: StoreConfig) -> ArgvFactory:
    """The stack's iSeller simulator serving the demo's day in the realistic form."""

    def argv(ports: dict[str, int]) -> list[str]:
        command = [sys.executable, "-m", "jembatan.sandbox.iseller", "serve", "--port", str(ports["api"])]
        command += [
            "--seed",
            str(seed),
            "--date",
            day,
            "--realistic-shifts",
            "--outlets",
            str(config.outlets),
        ]
        return [*command, "--clean-catalogue"] if config.clean_catalogue else command

    return argv


async def connect_pull(stack: LocalStack, tenant: str, day: StoreDay) -> None:
    """The tenant's iSeller API client, saved in the one place (ingest checks it with the stack's
    simulator, which must serve `day`, then publishes it on tenant.config.v1)."""
    if stack.iseller.ready.get("orders") != len(day.orders):
        raise RuntimeError(
            f"the stack's iSeller simulator serves another day ({stack.iseller.ready.get('orders')} orders, "
            f"not {len(day.orders)}): start it with shift_polling.simulator_argv and the same store"
        )
    ingest = Admin(stack.urls["ingest"], stack.admin_token)
    try:
        await ingest.put(
            f"/admin/tenants/{tenant}/configuration",
            {
                "iseller_pull": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "oauth_url": f"{stack.iseller.url}/oauth/token",
                }
            },
        )
    finally:
        await ingest.close()


def losing_orders(
    day: StoreDay, options: RealisticShifts, outlet_ids: Sequence[str]
) -> tuple[StoreDay, set[str]]:
    """The day to play without every webhook of `options.lost_orders` completed orders of `outlet_ids`."""
    candidates = sorted(
        oid for oid, o in day.orders.items() if o["status"] == "completed" and o["outlet_id"] in outlet_ids
    )
    lost = set(
        random.Random(f"lost:{options.seed}").sample(candidates, min(options.lost_orders, len(candidates)))
    )
    kept = [d for d in day.deliveries if not (d.kind == "order" and d.payload.get("order_id") in lost)]
    return replace(day, deliveries=kept), lost


async def poll_after_the_day(stack: LocalStack, tenant: str, day: StoreDay) -> dict[str, Any]:
    """A reconcile pull at the next store morning (07:00 WIB), as the scheduler's tick would be."""
    tick = datetime.combine(day.date + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    ingest = Admin(stack.urls["ingest"], stack.admin_token)
    try:
        run: dict[str, Any] = await ingest.post(
            f"/admin/tenants/{tenant}/reconcile", {"tick": tick.isoformat()}
        )
        while run["status"] == "running":
            await asyncio.sleep(0.2)
            run = await ingest.get(f"/admin/tenants/{tenant}/pulls/{run['id']}")
    finally:
        await ingest.close()
    if run["status"] != "done":
        raise RuntimeError(f"the shift poll failed: {run['error']}")
    return run


async def wait_for_shift_windows(
    stack: LocalStack, tenant: str, shifts: Sequence[Shift], within: float = 240.0
) -> list[dict[str, Any]]:
    """Until every shift's window is planned (each waits its grace twice around the span pull)."""
    wanted = {f"shift:{s.register_shift_id}" for s in shifts}
    poster = Admin(stack.urls["poster"], stack.admin_token)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    try:
        while True:
            windows: list[dict[str, Any]] = await poster.get(f"/admin/tenants/{tenant}/windows", limit=1000)
            planned = {w["window_id"] for w in windows if w["state"] == "planned"}
            if wanted <= planned:
                return [w for w in windows if w["window_id"] in wanted]
            if loop.time() > deadline:
                raise TimeoutError(f"shift windows not planned after {within}s: {sorted(wanted - planned)}")
            await asyncio.sleep(1.0)
    finally:
        await poster.close()
