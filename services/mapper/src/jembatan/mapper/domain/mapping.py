"""An outlet's mapping as the merchant chose it (ACCOUNTING.md §1) — pure data."""

from __future__ import annotations

from jembatan.contracts.ledger import OutletSnapshot
from pydantic import BaseModel, Field


class OutletMapping(BaseModel):
    """What an outlet posts to; `enabled` switches integration on for the outlet."""

    enabled: bool = True
    snapshot: OutletSnapshot
    # iSeller payment type name (or gateway, as a fallback) → Accurate cash/bank account number
    payment_accounts: dict[str, str] = Field(default_factory=dict)
    customer_number_from_iseller: bool = True

    def account_for_payment(self, gateway: str, payment_type_name: str) -> str | None:
        if gateway == "iseller_pay":
            return self.snapshot.iseller_pay_clearing_account
        return self.payment_accounts.get(payment_type_name) or self.payment_accounts.get(gateway)
