"""GetOrderSummary and GetTransactionSummary: per-day totals per outlet, from the day's orders.

The reference (iSeller's Public API v2) names the endpoints and, for transactions, the gateways of
its sample answer (`cash`, `external_debit`, `external_credit`, `gift_card`, `iseller_pay`,
`points`, `store_credit`, `account_balance`, `customs[] {name, amount}`). The exact layout of a
day's row is not documented [I]: here one row per local day and outlet, money as numbers. Days are
local (`time_zone`, hours); `created_after`/`created_before` bound `closed_date` locally.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .day import StoreDay
from .pull_queries import BadRequest, _local_to_utc, _time_zone, envelope

GATEWAYS = ("cash", "external_debit", "external_credit", "gift_card", "iseller_pay", "points", "store_credit",
            "account_balance")  # fmt: skip
ORDER_TOTALS = ("total_order_amount", "total_discount_amount", "subtotal", "total_tax_amount",
                "total_shipping_amount", "rounding_amount", "total_amount")  # fmt: skip


def _completed(day: StoreDay, params: dict[str, Any]) -> tuple[list[dict[str, Any]], timedelta]:
    offset = _time_zone(params)
    after = _local_to_utc(params, "created_after", offset)
    if after is None:
        raise BadRequest("created_after is required")
    before = _local_to_utc(params, "created_before", offset)
    orders = [o for o in day.orders.values() if o["status"] == "completed" and o["closed_date"] >= after]
    if before is not None:
        orders = [o for o in orders if o["closed_date"] < before]
    if params.get("outlet_id"):
        orders = [o for o in orders if o["outlet_id"] == params["outlet_id"]]
    return orders, offset


def _local_day(stamp: str, offset: timedelta) -> str:
    return (datetime.fromisoformat(stamp) + offset).date().isoformat()


def get_order_summary(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v2/GetOrderSummary: completed orders per local day and outlet, with their totals."""
    orders, offset = _completed(day, params)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for order in orders:
        key = (_local_day(order["closed_date"], offset), order["outlet_id"])
        row = rows.setdefault(key, {"date": key[0], "outlet_id": key[1], "outlet_code": order["outlet_code"],
                                    "order_count": 0, **{name: Decimal(0) for name in ORDER_TOTALS}})  # fmt: skip
        row["order_count"] += 1
        for name in ORDER_TOTALS:
            row[name] += order.get(name) or Decimal(0)
    return envelope(summaries=[rows[k] for k in sorted(rows)])


def get_transaction_summary(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v2/GetTransactionSummary: successful payments per local day, outlet and gateway."""
    orders, offset = _completed(day, params)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    customs: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for order in orders:
        key = (_local_day(order["closed_date"], offset), order["outlet_id"])
        row = rows.setdefault(key, {"date": key[0], "outlet_id": key[1], **{g: Decimal(0) for g in GATEWAYS}})
        for paid in order["transactions"]:
            if paid["status"] != "success":
                continue
            amount = paid["amount"] if paid["type"] == "sale" else -paid["amount"]
            if paid["gateway"] in GATEWAYS:
                row[paid["gateway"]] += amount
            else:
                customs[key][paid["payment_type_name"]] += amount
    for key, row in rows.items():
        row["customs"] = [{"name": n, "amount": a} for n, a in sorted(customs[key].items())]
    return envelope(summaries=[rows[k] for k in sorted(rows)])
