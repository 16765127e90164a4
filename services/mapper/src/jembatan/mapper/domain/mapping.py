"""An outlet's mapping as the merchant chose it (ACCOUNTING.md §1), and the tenant's own settings — pure data."""

from __future__ import annotations

from jembatan.contracts.ledger import OutletSnapshot
from jembatan.platform.params import WebUrl
from pydantic import BaseModel, Field


class OutletMapping(BaseModel):
    """What an outlet posts to; `enabled` switches integration on for the outlet.

    `payment_accounts` maps an iSeller payment type name (custom types included), or a gateway as a
    fallback, to an Accurate cash/bank account number. iSeller Pay always lands in the clearing account.
    """

    enabled: bool = True
    snapshot: OutletSnapshot
    payment_accounts: dict[str, str] = Field(default_factory=dict)
    # channels (pos, web, marketplace, food_delivery…) switched off for this outlet
    channels_off: list[str] = Field(default_factory=list)

    def account_for_payment(self, gateway: str, payment_type_name: str) -> str | None:
        if gateway == "iseller_pay":
            return self.snapshot.iseller_pay_clearing_account
        return self.payment_accounts.get(payment_type_name) or self.payment_accounts.get(gateway)

    def channel_on(self, channel: str) -> bool:
        return channel not in self.channels_off


class TenantSettings(BaseModel):
    """A tenant's settings shared by all its outlets.

    The customer-number setting lives here, not per outlet: a member shops at every outlet, and two
    outlets numbering the same member differently would make two Accurate customers.
    """

    store_name: str = ""
    customer_number_from_iseller: bool = True
    accurate_account_url: WebUrl | None = None
    accurate_database_id: str | None = None
