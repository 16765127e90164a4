"""The stock room: transfers between outlets (accepted / cancelled / rejected on receipt),
adjustments and stock counts. [P] payloads — iSeller publishes no API for these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .arithmetic import money
from .context import Day
from .store import Outlet
from .wire import stamp

Action = Callable[[Day], None]


def _party(outlet: Outlet) -> dict[str, Any]:
    return {
        "outlet_id": outlet.outlet_id,
        "outlet_code": outlet.outlet_code,
        "outlet_name": outlet.outlet_name,
    }


def transfer(
    number: int,
    source: Outlet,
    destination: Outlet,
    created: datetime,
    started: datetime,
    received: datetime | None,
) -> Action:
    """Pending at `created`, in transfer at `started`, completed at `received` (None: still in transit)."""

    def start(day: Day) -> None:
        stock, rng = day.books.stock, day.rng
        skus = rng.sample(
            [s for s in day.catalogue.stocked_skus() if s in stock.on_hand[source.outlet_id]], k=3
        )
        lines: list[dict[str, Any]] = [
            {
                "product_id": day.catalogue.by_sku[sku].product_id,
                "sku": sku,
                "product_name": day.catalogue.by_sku[sku].name,
                "quantity_sent": rng.randint(4, 10),
                "quantity_accepted": 0,
                "quantity_cancelled": 0,
                "quantity_rejected": 0,
                "unit_cost": money(day.catalogue.by_sku[sku].cost),
            }
            for sku in skus
        ]
        payload: dict[str, Any] = {
            "transfer_id": day.new_id(),
            "transfer_reference": f"TO-{number:04d}",
            "type": "transfer_out",
            "status": "pending",
            "source": _party(source),
            "destination": _party(destination),
            "created_at": stamp(created),
            "started_at": None,
            "received_at": None,
            "lines": lines,
            "notes": "",
        }
        day.emit(created, "transfer", dict(payload))
        payload.update(status="in_transfer", started_at=stamp(started))
        day.emit(started, "transfer", dict(payload))
        for line in lines:
            stock.move(source.outlet_id, line["sku"], -line["quantity_sent"])
            stock.in_transit[line["sku"]] += line["quantity_sent"]
        if received is not None:
            day.schedule(received, lambda d: _receive(d, payload, received))

    def _receive(day: Day, payload: dict[str, Any], at: datetime) -> None:
        lines = []
        for n, line in enumerate(payload["lines"]):
            sent = line["quantity_sent"]
            rejected = 1 if n == 1 else 0  # damaged on the way
            cancelled = 2 if n == 2 else 0  # sent back to the origin
            lines.append(
                {
                    **line,
                    "quantity_accepted": sent - rejected - cancelled,
                    "quantity_cancelled": cancelled,
                    "quantity_rejected": rejected,
                }
            )
            day.books.stock.in_transit[line["sku"]] -= sent
            day.books.stock.move(destination.outlet_id, line["sku"], sent - rejected - cancelled)
            day.books.stock.move(source.outlet_id, line["sku"], cancelled)
        day.emit(at, "transfer", {**payload, "status": "completed", "received_at": stamp(at), "lines": lines})

    return start


def adjustment(number: int, outlet: Outlet, at: datetime) -> Action:
    """Goods found damaged (or found again) at an outlet."""

    def adjust(day: Day) -> None:
        stock, rng = day.books.stock, day.rng
        sku = rng.choice(sorted(stock.on_hand[outlet.outlet_id]))
        reason, delta = rng.choice([("damaged", -rng.randint(1, 4)), ("found", rng.randint(1, 3))])
        stock.move(outlet.outlet_id, sku, delta)
        day.emit(
            at,
            "stock_adjustment",
            {
                "adjustment_id": day.new_id(),
                "adjustment_reference": f"ADJ-{number:04d}",
                "outlet_id": outlet.outlet_id,
                "outlet_code": outlet.outlet_code,
                "adjusted_at": stamp(at),
                "reason": reason,
                "user_id": None,
                "notes": "",
                "lines": [
                    {
                        "product_id": day.catalogue.by_sku[sku].product_id,
                        "sku": sku,
                        "quantity_delta": delta,
                        "unit_cost": money(day.catalogue.by_sku[sku].cost),
                        "stock_after": stock.level(outlet.outlet_id, sku),
                    }
                ],
            },
        )

    return adjust


def stock_count(number: int, outlet: Outlet, started: datetime, completed: datetime) -> Action:
    """A partial stock take of three SKUs; the counted quantity becomes the stock."""

    def count(day: Day) -> None:
        stock, rng = day.books.stock, day.rng
        lines = []
        for sku in rng.sample(sorted(stock.on_hand[outlet.outlet_id]), k=3):
            system = stock.level(outlet.outlet_id, sku)
            counted = system + rng.choice([-2, -1, 0, 0, 1])
            stock.move(outlet.outlet_id, sku, counted - system)
            lines.append(
                {
                    "product_id": day.catalogue.by_sku[sku].product_id,
                    "sku": sku,
                    "system_quantity": system,
                    "counted_quantity": counted,
                    "difference": counted - system,
                    "unit_cost": money(day.catalogue.by_sku[sku].cost),
                }
            )
        day.emit(
            completed,
            "stock_count",
            {
                "stock_take_id": day.new_id(),
                "reference": f"SO-{number:04d}",
                "status": "completed",
                "outlet_id": outlet.outlet_id,
                "outlet_code": outlet.outlet_code,
                "started_at": stamp(started),
                "completed_at": stamp(completed),
                "scope": "partial",
                "lines": lines,
                "user_id": None,
            },
        )

    return count
