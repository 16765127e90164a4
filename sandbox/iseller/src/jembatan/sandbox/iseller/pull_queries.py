"""What the pull API answers, as pure functions of the simulated day and the request's parameters
(iSeller's conventions: local request dates plus `time_zone`, 1-based `page`, `has_next_item`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .day import StoreDay
from .wire import stamp, when


class BadRequest(ValueError):
    """Reported as HTTP 200 with `status: false` and this message, as iSeller does."""


def envelope(**fields: Any) -> dict[str, Any]:
    return {"status": True, "error_message": None, "time": stamp(datetime.now(UTC)), **fields}


def _local_to_utc(params: dict[str, Any], name: str, offset: timedelta) -> str | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        local = datetime.fromisoformat(str(value).replace("Z", ""))
    except ValueError:
        raise BadRequest(f"{name} is not a date: {value!r}") from None
    return stamp(local.replace(tzinfo=None) - offset)


def _time_zone(params: dict[str, Any]) -> timedelta:
    if params.get("time_zone") in (None, ""):
        raise BadRequest("time_zone is required")
    try:
        return timedelta(hours=float(params["time_zone"]))
    except (TypeError, ValueError):
        raise BadRequest(f"time_zone is not a number: {params['time_zone']!r}") from None


def page_of(items: list[Any], params: dict[str, Any], default_size: int = 20) -> tuple[list[Any], bool]:
    """One page and whether more remain; `page` starts at 1 (0 is read as 1) [I]."""
    try:
        page = max(1, int(params.get("page") or 1))
        size = min(100, max(1, int(params.get("page_size") or default_size)))
    except (TypeError, ValueError):
        raise BadRequest("page and page_size must be integers") from None
    start = (page - 1) * size
    return items[start : start + size], start + size < len(items)


def _includes(params: dict[str, Any]) -> set[str]:
    raw = params.get("includes") or ""
    parts = raw if isinstance(raw, list) else str(raw).split(",")
    return {str(p).strip().lower() for p in parts if str(p).strip()}


def _shape(order: dict[str, Any], includes: set[str]) -> dict[str, Any]:
    out = dict(order)
    if "orderdetails" not in includes:
        out.pop("order_details", None)
    if "transactions" not in includes:
        out.pop("transactions", None)
    elif "mdr" not in includes:
        out["transactions"] = [{k: v for k, v in t.items() if k != "mdr"} for t in out["transactions"]]
    if "discountdetails" not in includes:
        out.pop("discounts", None)
    if "promotiondetails" not in includes:
        out.pop("promotions", None)
    return out


def get_orders(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v2/GetOrders."""
    offset = _time_zone(params)
    created_after = _local_to_utc(params, "created_after", offset)
    if created_after is None:
        raise BadRequest("created_after is required")
    bounds = {
        ("order_date", ">="): created_after,
        ("order_date", "<"): _local_to_utc(params, "created_before", offset),
        ("modified_date", ">="): _local_to_utc(params, "modified_after", offset),
        ("modified_date", "<"): _local_to_utc(params, "modified_before", offset),
    }
    orders = list(day.orders.values())
    for (name, op), bound in bounds.items():
        if bound is not None:
            orders = [o for o in orders if (o[name] >= bound if op == ">=" else o[name] < bound)]
    for name in ("outlet_id", "order_id", "customer_id", "payment_status", "fulfillment_status"):
        if params.get(name):
            orders = [o for o in orders if o.get(name) == params[name]]
    key = "modified_date" if str(params.get("sort", "")).lower() == "modifieddate" else "order_date"
    descending = str(params.get("sort_direction", "")).lower() == "desc"
    orders.sort(key=lambda o: (o[key], o["order_id"]), reverse=descending)
    page, more = page_of(orders, params)
    includes = _includes(params)
    return envelope(count=len(page), has_next_item=more, orders=[_shape(o, includes) for o in page])


def get_register_shifts(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v2/GetRegisterShifts: only ids and open/close dates, as iSeller returns."""
    offset = _time_zone(params)
    after = _local_to_utc(params, "created_after", offset)
    before = _local_to_utc(params, "created_before", offset)
    shifts = [
        {
            "register_name": s.register_name,
            "register_id": s.register_id,
            "register_shift_id": s.register_shift_id,
            "open_date": when(s.open_date),
            "closed_date": when(s.closed_date),
        }
        for s in day.shifts
        if (not params.get("register_id") or s.register_id == params["register_id"])
        and (not params.get("outlet_id") or s.outlet.outlet_id == params["outlet_id"])
    ]
    shifts = [
        s
        for s in shifts
        if (after is None or s["open_date"] >= after) and (before is None or s["open_date"] < before)
    ]
    page, more = page_of(shifts, params)
    return envelope(count=len(page), has_next_item=more, register_shifts=page)
