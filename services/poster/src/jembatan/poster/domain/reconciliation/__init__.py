"""Reconciliation: iSeller's totals beside what Accurate holds, and every difference explained. Pure."""

from .clearing import booking_days, clearing_differences, unpaid_clearing
from .compare import BookDocument, Difference, GapKind, compare, explained_per_account
from .expected import ExpectedDocument, expected_documents, payment_totals
from .members import explained_per_member, member_balances, member_differences
from .stock import ShelfFigure, shelf_figures, stock_differences
from .summary import window_summaries

__all__ = [
    "BookDocument",
    "Difference",
    "ExpectedDocument",
    "GapKind",
    "ShelfFigure",
    "booking_days",
    "clearing_differences",
    "compare",
    "expected_documents",
    "explained_per_account",
    "explained_per_member",
    "member_balances",
    "member_differences",
    "payment_totals",
    "shelf_figures",
    "stock_differences",
    "unpaid_clearing",
    "window_summaries",
]
