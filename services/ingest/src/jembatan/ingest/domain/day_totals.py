"""iSeller's own day totals (GetOrderSummary, GetTransactionSummary) beside the orders ingest holds for
that day: an order iSeller counted that never reached us (no webhook, not pulled yet) shows here.

Per outlet: the number of completed orders, their total, and the payments per gateway (custom payment
types by name). Pure: the caller loads the held orders and calls iSeller."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from jembatan.contracts.iseller import Order
from jembatan.contracts.iseller.summaries import GATEWAYS, OrderSummary, TransactionSummary

JAKARTA = timezone(timedelta(hours=7))  # iSeller's `time_zone` for an Indonesian (WIB) store
KIND = "iseller_summary"  # the gap kind on jembatan_reconciliation_gaps
ACTION = (
    "pull the day from iSeller (POST /admin/tenants/{t}/backfill for that day), then run this check again"
)
Z = Decimal(0)


@dataclass(frozen=True)
class DayTotal:
    """One measure of one outlet's day: iSeller's summary beside what ingest holds."""

    outlet_id: str
    measure: str  # orders | total_amount | payments:<gateway or custom payment type>
    iseller: Decimal
    held: Decimal

    @property
    def amount(self) -> Decimal:
        return self.held - self.iseller  # negative: ingest holds less than iSeller counted

    def plain(self) -> dict[str, Any]:
        return {"outlet_id": self.outlet_id, "measure": self.measure, "iseller": str(self.iseller),
                "held": str(self.held), "amount": str(self.amount)}  # fmt: skip


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), JAKARTA)
    return start, start + timedelta(days=1)


def completed_on(orders: Iterable[Order], day: date) -> list[Order]:
    """The day's completed orders (Jakarta day of `closed_date`), the latest copy of each order."""
    start, end = day_bounds(day)
    latest: dict[str, Order] = {}
    for order in orders:
        latest[order.order_id] = order  # callers pass oldest first
    return [
        o
        for o in latest.values()
        if o.status == "completed" and o.closed_date and start <= o.closed_date < end
    ]


def held_totals(orders: Sequence[Order]) -> dict[str, dict[str, Decimal]]:
    """Per outlet: orders, total_amount and payments:<gateway> of the held orders (as iSeller sums them)."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for order in orders:
        row = out[order.outlet_id]
        row["orders"] += 1
        row["total_amount"] += order.total_amount
        for paid in order.transactions:
            if paid.status != "success":
                continue
            name = paid.gateway if paid.gateway in GATEWAYS else paid.payment_type_name
            row[f"payments:{name}"] += paid.amount if paid.type == "sale" else -paid.amount
    return {outlet: dict(row) for outlet, row in out.items()}


def iseller_totals(
    orders: Sequence[OrderSummary], transactions: Sequence[TransactionSummary]
) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for summary in orders:
        out[summary.outlet_id]["orders"] += summary.order_count
        out[summary.outlet_id]["total_amount"] += summary.total_amount
    for paid in transactions:
        for name, amount in paid.per_gateway().items():
            out[paid.outlet_id][f"payments:{name}"] += amount
    return {outlet: dict(row) for outlet, row in out.items()}


def compare_day(
    iseller: dict[str, dict[str, Decimal]], held: dict[str, dict[str, Decimal]]
) -> list[DayTotal]:
    """Every measure of every outlet, on both sides (zero where a side has none)."""
    rows = []
    for outlet in sorted(set(iseller) | set(held)):
        mine, theirs = held.get(outlet, {}), iseller.get(outlet, {})
        for measure in sorted(set(mine) | set(theirs), key=lambda m: (m.startswith("payments:"), m)):
            rows.append(DayTotal(outlet, measure, theirs.get(measure, Z), mine.get(measure, Z)))
    return rows


def differences(rows: Sequence[DayTotal]) -> list[DayTotal]:
    return [r for r in rows if r.amount != 0]
