"""Ingest's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class IngestSettings(ServiceSettings):
    service_name: str = "ingest"
    http_port: int = 8101
    max_body_bytes: int = 1_000_000
    group_commit_writers: int = 4  # transactions storing webhooks at once (each takes what is queued)
    replay_window_seconds: int = 300

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
