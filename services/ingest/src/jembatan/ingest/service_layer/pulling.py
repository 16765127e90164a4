"""Backfill and reconcile: pull from iSeller and admit orders through the webhook's own dedupe.

A pulled order is read by the same `admit` as an Order webhook and stored by the same
`store_delivery` (source `pull`), so its dedupe key `order:<order_id>:<status>` makes an order
that already arrived by webhook a repeat: acknowledged, not stored twice, no second event.

Every run also polls GetRegisterShifts, per outlet (its rows name no outlet): a closed shift whose
close the inbox does not hold yet is admitted as the `register_shift` delivery its webhook would
be (`domain/shift_poll.py`) — the only way a real store's shift closes are learned.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from ..adapters import pull_runs, pulled
from ..adapters.credentials import Credentials, load_connection, save_connection
from ..adapters.inbox import store_delivery
from ..adapters.iseller_api import IsellerApi, item_bytes
from ..config import IngestSettings
from ..domain.intake import Unparseable, admit, readable
from ..domain.pull_plan import PullMode, Window, orders_query, shifts_query, split
from ..domain.shift_poll import close_delivery, close_key, closed_by, poll_window
from ..metrics import PULL_RUNNING, PULL_RUNS, PULLED_ORDERS, SHIFT_CLOSES_LEARNED
from .master_data import keep_and_publish

log = logging.getLogger(__name__)


@dataclass
class Puller:
    """What a pull needs, wired once by `bootstrap.py`."""

    settings: IngestSettings
    db: Database
    secrets: SecretBox
    http: httpx.AsyncClient
    wake_relay: Callable[[], None]

    async def run(self, run_id: int) -> None:
        """Carry out a started pull run to the end; failures are recorded on the run, then raised."""
        run = await pull_runs.load_run(self.db, run_id)
        mode = PullMode(run.mode)
        PULL_RUNNING.labels(mode).inc()
        try:
            creds = await load_connection(self.db, self.secrets, run.tenant_id)
            if creds is None:
                raise LookupError(f"tenant {run.tenant_id!r} has no iSeller API connection")
            await self._pull(
                run_id, run.tenant_id, mode, Window(run.window_from, run.window_to), run.outlet_id, creds
            )
        except BaseException as exc:
            reason = (
                "interrupted" if isinstance(exc, asyncio.CancelledError) else f"{type(exc).__name__}: {exc}"
            )
            await asyncio.shield(pull_runs.finish(self.db, run_id, error=readable(reason)))
            PULL_RUNS.labels(mode, "failed").inc()
            raise
        else:
            await pull_runs.finish(self.db, run_id)
            PULL_RUNS.labels(mode, "done").inc()
        finally:
            PULL_RUNNING.labels(mode).dec()

    async def _pull(
        self, run_id: int, tenant: str, mode: PullMode, window: Window, outlet: str | None, creds: Credentials
    ) -> None:
        api = IsellerApi(
            creds,
            self.http,
            lambda c: save_connection(self.db, self.secrets, c),
            page_size=self.settings.iseller_page_size,
            first_page=self.settings.iseller_first_page,
        )
        windows = split(window, self.settings.pull_window_hours)
        await pull_runs.set_fields(self.db, run_id, windows_total=len(windows))
        if mode is PullMode.BACKFILL:
            await self._master_data(run_id, tenant, api)
        lookback = timedelta(days=self.settings.pull_created_lookback_days)
        for part in windows:
            query = orders_query(mode, part, lookback=lookback, outlet_id=outlet)
            async for page in api.pages("/api/v2/GetOrders", query, "orders"):
                await self._admit_orders(run_id, tenant, mode, page)
            await pull_runs.bump(self.db, run_id, windows_done=1)
        # after the orders, so a close learned here follows the orders of its span downstream
        lookback = timedelta(hours=self.settings.shift_poll_lookback_hours)
        for outlet_id in [outlet] if outlet else await _outlet_ids(api):
            await self._shifts(run_id, tenant, api, poll_window(window, lookback), outlet_id)

    async def _admit_orders(
        self, run_id: int, tenant: str, mode: PullMode, page: list[dict[str, Any]]
    ) -> None:
        new = parked = 0
        now = datetime.now(UTC)
        for item in page:
            raw = item_bytes(item)
            decision = admit("order", raw)
            if await store_delivery(self.db, tenant, "order", raw, decision, now, source="pull"):
                outcome = "parked" if isinstance(decision, Unparseable) else "new"
                new, parked = new + (outcome == "new"), parked + (outcome == "parked")
            else:
                outcome = "repeat"
            PULLED_ORDERS.labels(mode, outcome).inc()
        if new:
            self.wake_relay()
        await pull_runs.bump(
            self.db, run_id, pages=1, orders_seen=len(page), orders_new=new, orders_parked=parked
        )

    async def _master_data(self, run_id: int, tenant: str, api: IsellerApi) -> None:
        products = outlets = 0
        async for page in api.pages("/api/v2/GetProducts", {}, "products"):
            products += await keep_and_publish(self.db, tenant, "product", _by_id(page, "product_id"))
        async for page in api.pages("/api/v3/GetOutlets", {}, "outlets"):
            outlets += await keep_and_publish(self.db, tenant, "outlet", _by_id(page, "outlet_id"))
        self.wake_relay()  # the pages reach the mapper (tenant.master-data.v1)
        await pull_runs.bump(self.db, run_id, products=products, outlets=outlets)

    async def _shifts(self, run_id: int, tenant: str, api: IsellerApi, window: Window, outlet: str) -> None:
        """Keep the outlet's register shifts; admit each close the inbox does not hold yet."""
        async for page in api.pages(
            "/api/v2/GetRegisterShifts", shifts_query(window, outlet), "register_shifts"
        ):
            shifts = _by_id(page, "register_shift_id")
            await pulled.keep_latest(self.db, tenant, "register_shift", shifts)
            now = datetime.now(UTC)
            head_start = now - timedelta(minutes=self.settings.shift_poll_webhook_head_start_minutes)
            closed = {close_key(item): item for item in page if closed_by(item, head_start)}
            known = await pulled.known_keys(self.db, tenant, closed)
            learned = 0
            for key, item in closed.items():
                if key in known:
                    continue
                raw = close_delivery(item, outlet)
                decision = admit("register_shift", raw)
                if await store_delivery(self.db, tenant, "register_shift", raw, decision, now, source="pull"):
                    learned += 1
                    if isinstance(decision, Unparseable):
                        log.warning("pulled shift close parked", extra={"reason": decision.reason})
            if learned:
                self.wake_relay()
            await pull_runs.bump(self.db, run_id, shifts=len(shifts), shifts_without_close=learned)
            SHIFT_CLOSES_LEARNED.labels("poll").inc(learned)


async def _outlet_ids(api: IsellerApi) -> list[str]:
    """The store's outlets (GetRegisterShifts is asked per outlet: its rows do not name one)."""
    ids: list[str] = []
    async for page in api.pages("/api/v3/GetOutlets", {}, "outlets"):
        ids += [source_id for source_id, _ in _by_id(page, "outlet_id")]
    return ids


MAX_SOURCE_ID_LENGTH = 200  # the pulled_record column


def _by_id(page: list[dict[str, Any]], key: str) -> list[tuple[str, bytes]]:
    """(id, raw) of each record; one whose id no key can hold (too long, control characters) is
    skipped with a warning rather than failing the whole pull."""
    wanted = key.replace("_", "").lower()
    out = []
    for item in page:
        source_id = next((v for k, v in item.items() if k.replace("_", "").lower() == wanted), None)
        if not source_id:
            continue
        text = str(source_id)
        if len(text) > MAX_SOURCE_ID_LENGTH or not text.isprintable():
            log.warning("pulled record skipped: unusable %s", key, extra={"id": readable(text[:80])})
            continue
        out.append((text, item_bytes(item)))
    return out
