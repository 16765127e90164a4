"""One simulated store day, deterministic by seed: the catalogue, the outlets and their shifts,
every webhook the store sends (in time order) and the ground truth. Pure — no I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .books import ShiftBook, StockBook, Tallies
from .catalogue import Catalogue, build_catalogue
from .closing import close_shift, payout
from .config import DEMO, StoreConfig
from .context import Day, Delivery
from .inventory import adjustment, stock_count, transfer
from .members import upsert_members
from .realistic import as_real_iseller, orders_as_real_iseller
from .sales import ring_up
from .store import WIB, Member, Outlet, Shift, build_members, build_outlets, build_shifts
from .truth import ground_truth


@dataclass(frozen=True)
class StoreDay:
    seed: int
    date: date
    config: StoreConfig
    catalogue: Catalogue
    outlets: list[Outlet]
    shifts: list[Shift]
    members: list[Member]
    deliveries: list[Delivery]
    orders: dict[str, dict[str, Any]]  # every order's final state, for the pull API
    stock: dict[str, dict[str, int]]  # closing units per outlet id and SKU
    truth: dict[str, Any]


def _local(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour) - WIB


def generate_day(seed: int, day: date, config: StoreConfig = DEMO) -> StoreDay:
    """Simulate one trading day of a store; the same (seed, date, config) gives the same day."""
    rng = random.Random(f"{seed}:{day.isoformat()}")
    catalogue = build_catalogue(rng, config.clean_catalogue)
    outlets = build_outlets(rng, config)
    shifts = build_shifts(rng, config, outlets, day)
    members = build_members(rng, config)
    scale = max(1, config.order_count // (8 * len(outlets)))
    opening = {
        o.outlet_id: {sku: rng.randint(40, 120) * scale for sku in catalogue.stocked_skus()} for o in outlets
    }
    books = Tallies({s.register_shift_id: ShiftBook(s) for s in shifts}, StockBook(opening))
    sim = Day(rng, config, catalogue, outlets, shifts, members, books)
    _plan(sim, day)
    sim.run()
    deliveries, orders = sim.deliveries, books.orders
    if config.realistic_shifts:
        deliveries, orders = as_real_iseller(deliveries), orders_as_real_iseller(orders)
    return StoreDay(
        seed=seed,
        date=day,
        config=config,
        catalogue=catalogue,
        outlets=outlets,
        shifts=shifts,
        members=members,
        deliveries=deliveries,
        orders=orders,
        stock=books.stock.on_hand,
        truth=ground_truth(seed, day, config, sim),
    )


def _plan(sim: Day, day: date) -> None:
    rng, config, outlets = sim.rng, sim.config, sim.outlets
    open_h, close_h = config.opening_hour, config.closing_hour
    sim.schedule(_local(day, open_h - 1), upsert_members(_local(day, open_h - 1), _local(day, 12.5)))
    for shift in sim.shifts:
        span = (shift.closed_date - shift.open_date) / config.orders_per_shift
        for k in range(config.orders_per_shift):
            at = shift.open_date + span * (k + 0.5 + rng.uniform(-0.4, 0.4))
            sim.schedule(at.replace(microsecond=0), ring_up(shift, at.replace(microsecond=0)))
        sim.schedule(shift.closed_date, close_shift(shift))
    if len(outlets) > 1:
        for n in range(config.transfers):
            source, destination = outlets[n % len(outlets)], outlets[(n + 1) % len(outlets)]
            start_h = open_h + 1.5 + n * 9 / max(1, config.transfers - 1)
            received = _local(day, start_h + 3.5) if n < config.transfers - 1 else None
            sim.schedule(
                _local(day, start_h),
                transfer(
                    n + 1, source, destination, _local(day, start_h - 0.25), _local(day, start_h), received
                ),
            )
    for i, outlet in enumerate(outlets):
        for k in range(config.adjustments_per_outlet):
            at = _local(day, open_h + 4 + k * 0.5 + i * 0.1)
            sim.schedule(at, adjustment(i * 100 + k + 1, outlet, at))
        for k in range(config.counts_per_outlet):
            done = _local(day, close_h - 0.5 - k + i * 0.05)
            sim.schedule(done, stock_count(i * 100 + k + 1, outlet, done - timedelta(minutes=40), done))
    end = _local(day, close_h + 0.5)
    express = outlets[0]
    sim.schedule(end, payout(1, day, "express", express, end, end, end + timedelta(minutes=30)))
    cutoff = _local(day, 15)  # the regular payout settles what was paid before 15:00 [P]
    sim.schedule(end, payout(2, day, "regular", None, cutoff, end, end + timedelta(minutes=30)))
