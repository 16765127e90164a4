"""GetOrderSummary and GetTransactionSummary (iSeller Public API v2): per-day totals per outlet.

The reference names the endpoints and the transaction gateways of its sample answer; the layout
of one day's row is not documented [I]: one row per local day (`date`, the request's `time_zone`)
and outlet, amounts as numbers, custom payment types under `customs[] {name, amount}`. Refunds
count against their gateway (a refund transaction is a negative amount)."""

from __future__ import annotations

from pydantic import Field

from .base import ZERO, Amount, IsellerModel
from .pull import ApiResponse

GATEWAYS = ("cash", "external_debit", "external_credit", "gift_card", "iseller_pay", "points", "store_credit",
            "account_balance")  # fmt: skip


class OrderSummary(IsellerModel):
    date: str  # the local day, YYYY-MM-DD
    outlet_id: str
    outlet_code: str | None = None
    order_count: int = 0
    total_amount: Amount = ZERO


class CustomTotal(IsellerModel):
    name: str
    amount: Amount = ZERO


class TransactionSummary(IsellerModel):
    date: str
    outlet_id: str
    cash: Amount = ZERO
    external_debit: Amount = ZERO
    external_credit: Amount = ZERO
    gift_card: Amount = ZERO
    iseller_pay: Amount = ZERO
    points: Amount = ZERO
    store_credit: Amount = ZERO
    account_balance: Amount = ZERO
    customs: list[CustomTotal] = Field(default_factory=list)

    def per_gateway(self) -> dict[str, Amount]:
        """Gateway (or custom payment type name) → amount; zero amounts left out."""
        out = {g: getattr(self, g) for g in GATEWAYS if getattr(self, g)}
        for custom in self.customs:
            out[custom.name] = out.get(custom.name, ZERO) + custom.amount
        return {k: v for k, v in out.items() if v}


class OrderSummaryPage(ApiResponse):
    summaries: list[OrderSummary] = Field(default_factory=list)


class TransactionSummaryPage(ApiResponse):
    summaries: list[TransactionSummary] = Field(default_factory=list)
