"""The mapper's calls to Accurate: a client per tenant, items by code, master-data lists, creating places."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from jembatan.accurate import (
    AccurateClient,
    ApiTokenAuth,
    Auth,
    OAuthAuth,
    RecordResult,
    accurate_timestamp,
    shared_budget,
)
from jembatan.accurate.documents.masters import Item
from jembatan.platform.accurate_metrics import TenantCallMeter
from jembatan.platform.crypto import SecretBox

from ..config import MapperSettings
from .tables import TenantRow

# kind → (module, business key, list fields)
MASTER_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "glaccount": (
        "glaccount",
        "no",
        ("id", "no", "name", "accountType", "parent", "lvl", "suspended", "lastUpdate"),
    ),
    "branch": ("branch", "name", ("id", "name", "suspended", "lastUpdate")),
    "warehouse": ("warehouse", "name", ("id", "name", "suspended", "lastUpdate")),
    "item": ("item", "no", ("id", "no", "name", "itemType", "suspended", "lastUpdate")),
    "customer": ("customer", "customerNo", ("id", "customerNo", "name", "suspended", "lastUpdate")),
    "tax": (
        "tax",
        "description",
        ("id", "description", "taxType", "rate", "salesTaxGlAccountNo", "lastUpdate"),
    ),
}


class NotConnected(LookupError):
    """The tenant has no Accurate connection yet."""


@asynccontextmanager
async def accurate_for(
    row: TenantRow | None, settings: MapperSettings, box: SecretBox
) -> AsyncIterator[AccurateClient]:
    """An Accurate client for the tenant's database (API token + signature secret, or OAuth)."""
    auth = _auth(row, box)
    assert row is not None
    url = row.settings.get("accurate_account_url") or settings.accurate_account_url
    meter = TenantCallMeter(row.tenant_id)
    budget = shared_budget(
        auth.budget_key, settings.accurate_share, settings.accurate_share
    )  # docs/posting-sender.md
    async with AccurateClient(
        auth, url, budget, timeout=settings.accurate_timeout_seconds, observer=meter
    ) as client:
        yield client


def _auth(row: TenantRow | None, box: SecretBox) -> Auth:
    """OAuth tokens are never refreshed here: ingest alone refreshes them and publishes the new ones."""
    if row is not None and row.accurate_oauth:
        oauth = row.accurate_oauth
        return OAuthAuth(box.open(oauth["access_token_sealed"]), None, "", "", oauth["database_id"])
    if row is None or not row.accurate_token or not row.accurate_secret:
        raise NotConnected("connect the tenant to Accurate first (API token and signature secret, or OAuth)")
    return ApiTokenAuth(box.open(row.accurate_token), box.open(row.accurate_secret),
                        database_id=row.settings.get("accurate_database_id"))  # fmt: skip


async def existing_items(client: AccurateClient, codes: Sequence[str]) -> dict[str, str]:
    """Which of `codes` Accurate already has as item `no` (code → no)."""
    found: dict[str, str] = {}
    for n in range(0, len(codes), 100):
        chunk = list(codes[n : n + 100])
        async for row in client.iter_list("item", ["id", "no"], {"no": ("EQUAL", chunk)}):
            if isinstance(row.get("no"), str) and row["no"] in chunk:
                found[row["no"]] = row["no"]
    return found


async def create_items(client: AccurateClient, items: Sequence[Item]) -> list[RecordResult]:
    """`item/bulk-save.do` with ≤ 100 items; one result per item, in order."""
    return await client.bulk_save("item", items)


async def list_masters(client: AccurateClient, kind: str, since: datetime | None) -> list[dict[str, Any]]:
    """Every `kind` record changed after `since` (all when None), via `filter.lastUpdate`."""
    module, _, fields = MASTER_KINDS[kind]
    filters = {"lastUpdate": ("GREATER_THAN", accurate_timestamp(since))} if since else None
    return [row async for row in client.iter_list(module, fields, filters)]


async def create_place(client: AccurateClient, kind: str, name: str) -> None:
    """Create a missing branch or warehouse by name."""
    await client.save(kind, {"name": name})
