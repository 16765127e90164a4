"""Ingest's settings (`JEMBATAN_*` environment variables)."""

from typing import Literal

from jembatan.platform.settings import ServiceSettings
from pydantic import SecretStr

# What Jembatan asks a merchant to grant (docs/tenants.md): read masters, create items, customers and
# places, and write the documents it posts.
ACCURATE_SCOPES = (
    "glaccount_view branch_view branch_save warehouse_view warehouse_save item_view item_save "
    "customer_view customer_save tax_view sales_invoice_view sales_invoice_save sales_receipt_view "
    "sales_receipt_save sales_return_view sales_return_save item_adjustment_view item_adjustment_save "
    "item_transfer_view item_transfer_save journal_voucher_view journal_voucher_save other_deposit_view "
    "other_deposit_save other_payment_view other_payment_save bank_transfer_view bank_transfer_save"
)


class IngestSettings(ServiceSettings):
    service_name: str = "ingest"
    http_port: int = 8101
    max_body_bytes: int = 1_000_000
    group_commit_writers: int = 4  # transactions storing webhooks at once (each takes what is queued)
    replay_window_seconds: int = 300
    relay: Literal["inline", "process"] = "inline"  # "process": the producer's CPU off the webhook process (docs/outbox.md)

    # Pull from iSeller's API (reference/iseller.md §2.2-§2.5).
    iseller_oauth_url: str = "https://isellershop.com/oauth/token"  # default for new connections
    iseller_page_size: int = 100
    iseller_first_page: int = 1  # iSeller does not document it; the Cata guide (live-verified) starts at 1
    iseller_timeout_seconds: float = 30.0
    store_utc_offset_hours: int = 7  # backfill dates are the store's calendar days (WIB)
    pull_window_hours: int = 4  # GetOrders is pulled in windows of this size (volume)
    pull_created_lookback_days: int = 14  # GetOrders requires created_after; reconcile looks this far back
    reconcile_window_minutes: int = 180  # "the last window" a reconcile trigger pulls, ending at its tick
    # The shift poll (docs/ingest.md): GetRegisterShifts filters on the open time, so look this far
    # back; admit a polled close once this old (a store's shift webhook, with totals, comes first);
    # a span pull also takes orders created this long before the shift opened.
    shift_poll_lookback_hours: int = 24
    shift_poll_webhook_head_start_minutes: int = 10
    span_created_margin_hours: int = 12
    consume_triggers: bool = True  # run the sync.triggers.v1 consumer (reconcile pulls)

    # The one place where a tenant is configured (docs/tenants.md): checking Accurate when it is saved,
    # and the operator's Accurate OAuth app (Developer Area: client id, client secret).
    accurate_account_url: str = "https://account.accurate.id"
    accurate_timeout_seconds: float = 20.0
    accurate_oauth_client_id: str | None = None
    accurate_oauth_client_secret: SecretStr | None = None
    accurate_oauth_scope: str = ACCURATE_SCOPES
    accurate_token_check_seconds: float = 3600.0  # how often OAuth tokens close to expiry are refreshed
    accurate_token_refresh_margin_hours: float = 48.0  # refresh this long before the access token expires
