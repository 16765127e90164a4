"""Per outlet and window: iSeller's sales and takings beside what Accurate holds for the same
documents, and how many differences the window has (the report's overview)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .compare import BookDocument, Difference
from .expected import ExpectedDocument


def window_summaries(
    expected: Sequence[ExpectedDocument], held: Sequence[BookDocument], differences: Sequence[Difference]
) -> list[dict[str, Any]]:
    books = {(b.document_type, b.number): b.amount for b in held}
    rows: dict[str, dict[str, Any]] = {}
    for exp in expected:
        row = rows.setdefault(exp.window_id, {
            "window_id": exp.window_id, "outlet_id": exp.outlet_id, "documents": 0, "differences": 0,
            "sales": {"iseller": Decimal(0), "accurate": Decimal(0)},
            "takings": {"iseller": Decimal(0), "accurate": Decimal(0)},
        })  # fmt: skip
        side = row["sales"] if exp.document_type == "sales-invoice" else row["takings"]
        side["iseller"] += exp.amount
        side["accurate"] += books.get((exp.document_type, exp.number), Decimal(0))
        row["documents"] += 1
    for gap in differences:
        if gap.window_id in rows:
            rows[gap.window_id]["differences"] += 1
    return [
        {**row, "sales": {k: str(v) for k, v in row["sales"].items()},
         "takings": {k: str(v) for k, v in row["takings"].items()}}
        for row in sorted(rows.values(), key=lambda r: (r["outlet_id"] or "", r["window_id"]))
    ]  # fmt: skip
