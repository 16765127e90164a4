"""Each register shift closed on the day: the till's totals (iSeller's shift close) beside the orders
the facts hold for that shift, and beside the invoices and receipts Accurate holds for those orders.

A till total the held orders do not reach means an order iSeller counted never reached us: that is
a `shift_total` gap. Accurate's side is shown for the documents made only of the shift's orders (a
real-time or scheduled window can mix shifts; such documents are counted as `shared`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from jembatan.contracts.ledger import Fact, SaleFact, ShiftClosedFact

from .compare import ACTIONS, BookDocument, Difference, GapKind
from .expected import ExpectedDocument

Z = Decimal(0)


def shift_rows(
    shifts: Sequence[ShiftClosedFact], facts: Sequence[Fact], expected: Sequence[ExpectedDocument],
    held: Sequence[BookDocument],
) -> tuple[list[dict[str, Any]], list[Difference]]:  # fmt: skip
    sales = [f for f in facts if isinstance(f, SaleFact)]
    books = {(b.document_type, b.number): b.amount for b in held}
    rows, gaps = [], []
    for fact in sorted(shifts, key=lambda f: f.shift.closed_at):
        shift = fact.shift
        ids = set(shift.order_ids) or {s.order.order_id for s in sales
                                       if s.order.register_shift_id == shift.register_shift_id}  # fmt: skip
        mine = [
            s
            for s in sales
            if s.order.order_id in ids or s.order.register_shift_id == shift.register_shift_id
        ]
        till = _per_type((p.payment_type_name, p.amount) for p in shift.payments)
        taken = _per_type((p.payment_type_name, p.amount) for s in mine for p in s.order.payments)
        own = [e for e in expected if e.source_ids and set(e.source_ids) <= {s.order.order_id for s in mine}]
        shared = sum(1 for e in expected if set(e.source_ids) & ids and e not in own)
        accurate = {
            "sales": sum((books.get((e.document_type, e.number), Z) for e in own
                          if e.document_type == "sales-invoice"), Z),
            "takings": sum((books.get((e.document_type, e.number), Z) for e in own
                            if e.document_type == "sales-receipt"), Z),
        }  # fmt: skip
        rows.append({
            "register_shift_id": shift.register_shift_id, "register_id": shift.register_id,
            "outlet_id": shift.outlet_id, "closed_at": shift.closed_at.isoformat(),
            "till": {"orders": shift.order_count, "sales": str(shift.total_sales),
                     "payments": {k: str(v) for k, v in till.items()}},
            "held": {"orders": len(mine), "sales": str(sum((s.order.total_amount for s in mine), Z)),
                     "payments": {k: str(v) for k, v in taken.items()}},
            "accurate": {k: str(v) for k, v in accurate.items()}, "shared_documents": shared,
        })  # fmt: skip
        if not shift.payments and not shift.order_count:
            continue  # a close known only from GetRegisterShifts: no totals to hold against
        short = {k: taken.get(k, Z) - v for k, v in till.items() if taken.get(k, Z) != v}
        missing = shift.order_count - len(mine) if shift.order_count > len(mine) else 0
        if short or missing:
            amount = sum(short.values(), Z)
            what = ", ".join(f"{k} held {taken.get(k, Z):,} / till {till[k]:,}" for k in short)
            detail = (
                f"shift {shift.register_shift_id} ({shift.register_name or shift.register_id}): "
                f"{len(mine)} of the till's {shift.order_count} orders held" + (f"; {what}" if what else "")
            )
            gaps.append(Difference(
                GapKind.SHIFT_TOTAL, amount, None, (), iseller=sum(till.values(), Z),
                accurate=sum(taken.values(), Z), action=ACTIONS[GapKind.SHIFT_TOTAL], detail=detail,
                source_ids=(shift.register_shift_id,), outlet_id=shift.outlet_id,
            ))  # fmt: skip
    return rows, gaps


def _per_type(pairs: Any) -> Mapping[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for name, amount in pairs:
        out[name] += amount
    return dict(out)
