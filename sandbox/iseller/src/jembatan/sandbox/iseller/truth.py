"""The store's own ground truth for a day, as JSON-ready data (amounts as decimal strings):
totals per outlet, shift, payment type and payout; stock per outlet and SKU; members' open balances."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from .books import ShiftBook, Totals
from .config import StoreConfig
from .context import Day


def _by_name(totals: Totals) -> dict[str, str]:
    out: dict[str, int] = defaultdict(int)
    for (_, name), amount in totals.items():
        out[name] += amount
    return {name: str(amount) for name, amount in sorted(out.items()) if amount}


def _shift(book: ShiftBook) -> dict[str, Any]:
    return {
        "outlet_id": book.shift.outlet.outlet_id,
        "register_id": book.shift.register_id,
        "order_count": len(book.order_ids),
        "refund_count": len(book.refund_ids),
        "total_sales": str(book.total_sales),
        "on_account": str(book.on_account_amount),
        "payments": _by_name(book.payments),
        "refund_payments": _by_name(book.refund_payments),
        "customer_payments": _by_name(book.customer_payments),
    }


def _merge(books: list[ShiftBook], field: str) -> Totals:
    out: Totals = defaultdict(int)
    for book in books:
        for key, amount in getattr(book, field).items():
            out[key] += amount
    return out


def _outlet(code: str, books: list[ShiftBook]) -> dict[str, Any]:
    return {
        "outlet_code": code,
        "order_count": sum(len(b.order_ids) for b in books),
        "refund_count": sum(len(b.refund_ids) for b in books),
        "total_sales": str(sum(b.total_sales for b in books)),
        "on_account": str(sum(b.on_account_amount for b in books)),
        "payments": _by_name(_merge(books, "payments")),
        "refund_payments": _by_name(_merge(books, "refund_payments")),
        "customer_payments": _by_name(_merge(books, "customer_payments")),
    }


def ground_truth(seed: int, day: date, config: StoreConfig, sim: Day) -> dict[str, Any]:
    """What an honest set of books must show after this day (see ACCOUNTING.md §5)."""
    books = sim.books
    shift_books = list(books.shifts.values())
    completed = [o for o in books.orders.values() if o["status"] == "completed"]
    return {
        "seed": seed,
        "date": day.isoformat(),
        "store_name": config.store_name,
        "counts": {
            "orders_completed": len(completed),
            "orders_void": sum(1 for o in books.orders.values() if o["status"] == "void"),
            "refunds": sum(len(b.refund_ids) for b in shift_books),
            "customer_payments": sum(len(b.customer_payment_ids) for b in shift_books),
            "deliveries": len(sim.deliveries),
        },
        "outlets": {
            o.outlet_id: _outlet(o.outlet_code, [b for b in shift_books if b.shift.outlet is o])
            for o in sim.outlets
        },
        "shifts": {b.shift.register_shift_id: _shift(b) for b in shift_books},
        "payment_types": _by_name(_merge(shift_books, "payments")),
        "payouts": {
            p["reference_id"]: {
                "payout_id": p["payout_id"],
                "interval": p["interval"],
                "outlet_id": p["outlet_id"],
                "gross": str(int(p["transactions_amount"])),
                "fees": str(int(p["total_fees"])),
                "express_fee": str(int(p["payout_fee"])),
                "net": str(int(p["total_deposit"])),
                "transaction_ids": [e["transaction_id"] for e in p["entries"]],
                "order_ids": sorted({e["order_id"] for e in p["entries"]}),
            }
            for p in books.payouts
        },
        "iseller_pay_unpaid": str(sum(e["gross_amount"] for e in books.unpaid)),
        "opening_stock": books.stock.opening,
        "stock": books.stock.on_hand,
        "in_transit": {sku: units for sku, units in sorted(books.stock.in_transit.items()) if units},
        "customers": {cid: str(balance) for cid, balance in sorted(books.balances.items())},
    }
