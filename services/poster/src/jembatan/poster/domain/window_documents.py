"""A closed window's held facts → its document drafts, through the recipes (domain/recipes). Pure.

The recipes are looked up by the names `domain/recipes/__init__.py` promises. Until a recipe
exists, real-time sales use today's `sale_documents` (one invoice and its receipts per order) and
every other fact is refused with a visible reason, so nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from jembatan.contracts.ledger import (
    CustomerFact,
    CustomerPaymentFact,
    Fact,
    PayoutFact,
    RefundFact,
    SaleFact,
    ShiftClosedFact,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)

from . import recipes
from .drafts import DocumentDraft
from .sale_documents import UnmappedAccount, sale_documents
from .windows import SalesWindow, window_label


class NoRecipeYet(ValueError):
    """The fact's recipe is not in this version of the poster."""


# Why a window cannot become documents: the recipes' refusal once they land, today's refusal of
# sale_documents, or a missing recipe. Each leaves a visible failed row, rebuilt after a fix.
_RECIPE_REFUSED: type[Exception] | None = getattr(recipes, "RecipeRefused", None)
REFUSALS: tuple[type[Exception], ...] = (
    UnmappedAccount,
    NoRecipeYet,
    *([_RECIPE_REFUSED] if _RECIPE_REFUSED is not None else []),
)

_SINGLE_RECIPES: dict[type[Fact], str] = {
    CustomerFact: "customer_documents",
    CustomerPaymentFact: "customer_payment_documents",
    PayoutFact: "payout_documents",
    TransferStartedFact: "transfer_started_documents",
    TransferReceivedFact: "transfer_received_documents",
    StockAdjustedFact: "stock_adjusted_documents",
    StockCountedFact: "stock_counted_documents",
}


@dataclasses.dataclass(frozen=True)
class WindowFacts:
    tenant_id: str
    window_id: str
    opened_at: datetime
    closed_at: datetime
    facts: Sequence[Fact]
    late: bool = False


def window_documents(window: WindowFacts) -> list[DocumentDraft]:
    """Every document the window becomes, each tagged with the window's id."""
    sales = [f for f in window.facts if isinstance(f, SaleFact)]
    refunds = [f for f in window.facts if isinstance(f, RefundFact)]
    drafts: list[DocumentDraft] = []
    if sales or refunds:
        drafts.extend(_sales_documents(window, sales, refunds))
    for fact in window.facts:
        if isinstance(fact, SaleFact | RefundFact | ShiftClosedFact):
            continue
        drafts.extend(_recipe(type(fact))(window.tenant_id, fact))
    return [dataclasses.replace(d, window_id=window.window_id) for d in drafts]


def _sales_documents(
    window: WindowFacts, sales: list[SaleFact], refunds: list[RefundFact]
) -> list[DocumentDraft]:
    ordered = sorted(sales, key=lambda s: (s.order.closed_at, s.order.order_id))
    both: list[SaleFact | RefundFact] = [*ordered, *refunds]
    newest = max(both, key=_moment)
    sales_window = SalesWindow(
        tenant_id=window.tenant_id,
        window_id=window.window_id,
        label=window_label(window.window_id),
        outlet=newest.outlet,
        opened_at=window.opened_at,
        closed_at=window.closed_at,
        sales=tuple(ordered),
        refunds=tuple(sorted(refunds, key=lambda r: (r.refund.refunded_at, r.refund.refund_id))),
        late=window.late,
        source_ids=tuple([s.order.order_id for s in ordered] + [r.refund.refund_id for r in refunds]),
    )
    build = getattr(recipes, "sales_window_documents", None)
    if build is not None:
        return cast(list[DocumentDraft], build(window.tenant_id, sales_window))
    # Awaits the recipes: per-order documents (correct in every mode, but not summarised).
    if refunds:
        raise NoRecipeYet("refunds are not posted by this version of the poster (awaiting the recipes)")
    return [d for sale in ordered for d in sale_documents(window.tenant_id, sale)]


def _moment(fact: SaleFact | RefundFact) -> datetime:
    return fact.order.closed_at if isinstance(fact, SaleFact) else fact.refund.refunded_at


def _recipe(kind: type[Fact]) -> Callable[[str, Any], list[DocumentDraft]]:
    build = getattr(recipes, _SINGLE_RECIPES.get(kind, ""), None)
    if build is None:
        raise NoRecipeYet(
            f"{kind.__name__} is not posted by this version of the poster (awaiting the recipes)"
        )
    return cast(Callable[[str, Any], list[DocumentDraft]], build)
