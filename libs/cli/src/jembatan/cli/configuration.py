"""The one place a tenant is configured (ingest's `PUT /admin/tenants/{id}/configuration`), and
waiting until the mapper holds what was saved (it arrives on tenant.config.v1)."""

from __future__ import annotations

import time
from typing import Any

from .admin import Admin
from .refusal import Refusal

WAIT_SECONDS = 15.0


def configure(admin: Admin, tenant: str, body: dict[str, Any]) -> dict[str, Any]:
    """Save `body` in the one place (ingest checks each credential first); the configuration as saved."""
    saved: dict[str, Any] = admin.call("ingest", "PUT", f"/admin/tenants/{tenant}/configuration", json=body)
    return saved


def wait_for_mapper(admin: Admin, tenant: str, version: int, within: float = WAIT_SECONDS) -> None:
    """Until the mapper holds `version` of the tenant's configuration; a Refusal when it does not."""
    deadline = time.monotonic() + within
    while (
        admin.call("mapper", "GET", f"/admin/tenants/{tenant}/configuration").get("version") or 0
    ) < version:
        if time.monotonic() > deadline:
            raise Refusal("mapper", 504, f"the mapper did not receive {tenant}'s configuration within {within:g}s; "
                          "its log and the tenant.config.v1 consumer say why")  # fmt: skip
        time.sleep(0.2)
