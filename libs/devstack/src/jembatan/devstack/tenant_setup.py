"""Connecting a tenant across the running services through their admin APIs (demo and e2e tests)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class AccurateDatabase:
    """A database in the Accurate sandbox and the API token that reaches it."""

    id: int
    account_url: str
    api_token: str
    signature_secret: str
    branches: list[str]
    warehouses: list[str]


async def create_accurate_database(
    account_url: str, alias: str, branches: list[str], warehouses: list[str]
) -> AccurateDatabase:
    async with httpx.AsyncClient(base_url=account_url, timeout=30) as http:
        reply = await http.post(
            "/_sandbox/databases", json={"alias": alias, "branches": branches, "warehouses": warehouses}
        )
        reply.raise_for_status()
        body: dict[str, Any] = reply.json()
    return AccurateDatabase(
        id=body["id"],
        account_url=account_url,
        api_token=body["apiToken"],
        signature_secret=body["signatureSecret"],
        branches=body.get("branches", branches),
        warehouses=body.get("warehouses", warehouses),
    )


class Admin:
    """Calls one service's admin API with the bearer token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
        )

    async def put(self, path: str, body: Any) -> Any:
        reply = await self.http.put(path, json=body)
        reply.raise_for_status()
        return reply.json() if reply.content else None

    async def post(self, path: str, body: Any = None) -> Any:
        reply = await self.http.post(path, json=body)
        reply.raise_for_status()
        return reply.json() if reply.content else None

    async def get(self, path: str, **params: Any) -> Any:
        reply = await self.http.get(path, params=params)
        reply.raise_for_status()
        return reply.json()

    async def close(self) -> None:
        await self.http.aclose()


async def connect_tenant(
    urls: dict[str, str],
    token: str,
    tenant_id: str,
    *,
    store_name: str,
    iseller_api_key: str,
    accurate: AccurateDatabase,
) -> None:
    """Configure the tenant in the one place (ingest checks the Accurate token and publishes the whole
    configuration on tenant.config.v1), then wait until the mapper and the poster hold it."""
    ingest = Admin(urls["ingest"], token)
    try:
        saved = await ingest.put(
            f"/admin/tenants/{tenant_id}/configuration",
            {
                "store_name": store_name,
                "webhook_key": iseller_api_key,
                "accurate": {
                    "account_url": accurate.account_url,
                    "api_token": accurate.api_token,
                    "signature_secret": accurate.signature_secret,
                },
            },
        )
    finally:
        await ingest.close()
    await wait_until_projected(urls, token, tenant_id, saved["version"])


async def wait_until_projected(
    urls: dict[str, str], token: str, tenant_id: str, version: int, *, within: float = 30.0
) -> None:
    """Poll the mapper and the poster (those running) until each holds `version` of the tenant's
    configuration; TimeoutError names the ones that do not."""
    admins = {name: Admin(urls[name], token) for name in ("mapper", "poster") if name in urls}
    deadline = time.monotonic() + within
    try:
        while admins:
            for name, admin in list(admins.items()):
                held = await admin.get(f"/admin/tenants/{tenant_id}/configuration")
                if (held.get("version") or 0) >= version:
                    await admins.pop(name).close()
            if admins and time.monotonic() > deadline:
                raise TimeoutError(
                    f"{sorted(admins)} did not receive version {version} of {tenant_id} in {within}s"
                )
            await asyncio.sleep(0.2)
    finally:
        for admin in admins.values():
            await admin.close()


async def wait_for_documents(
    urls: dict[str, str],
    token: str,
    tenant_id: str,
    *,
    expected: int,
    within: float = 120.0,
    quiet: float = 3.0,
) -> list[dict[str, Any]]:
    """Poll the poster until `expected` documents reached a final state, or nothing can move any
    more and nothing changed for `quiet` seconds (facts still on their way plan new documents)."""
    poster = Admin(urls["poster"], token)
    deadline = time.monotonic() + within
    last: list[tuple[str, str]] = []
    still_since = time.monotonic()
    try:
        while True:
            docs: list[dict[str, Any]] = await poster.get(
                f"/admin/tenants/{tenant_id}/documents", limit=10_000
            )
            final = [d for d in docs if d["state"] in ("posted", "failed")]
            now_seen = sorted((d["document_key"], d["state"]) for d in docs)
            if now_seen != last:
                last, still_since = now_seen, time.monotonic()
            still = time.monotonic() - still_since >= quiet
            if len(final) >= expected or (settled(docs) and still) or time.monotonic() > deadline:
                return docs
            await asyncio.sleep(0.5)
    finally:
        await poster.close()


def settled(docs: list[dict[str, Any]]) -> bool:
    """True when every document is posted or failed, or waits for a failed one."""
    failed = {d["document_key"] for d in docs if d["state"] == "failed"}
    return bool(docs) and all(
        d["state"] in ("posted", "failed") or d.get("depends_on") in failed for d in docs
    )


# Accounts of the Accurate sandbox's seeded chart that an outlet posts to (demo and e2e tests).
SANDBOX_ACCOUNTS = {
    "iseller_pay_clearing_account": "1-1010",
    "mdr_fee_account": "6-2000",
    "payout_account": "1-1003",
    "bank_adjustment_account": "6-2100",
    "service_charge_account": "4-2000",
    "shipping_account": "4-2100",
    "rounding_account": "7-1100",
    "stock_adjustment_account": "8-1000",
    "stock_count_account": "8-1000",
    "damaged_goods_account": "8-1000",
    "output_tax_account": "2-1100",
    "receivable_account": "1-1100",
    "sales_account": "4-1000",  # the sandbox's items credit 4-1000 (Penjualan) unless told otherwise
}


def sandbox_outlet_mapping(
    outlet_id: str,
    outlet_code: str,
    branch: str,
    warehouse: str,
    *,
    payment_accounts: dict[str, str],
    walk_in_customer_no: str,
    prices_include_tax: bool = False,
) -> dict[str, Any]:
    """An enabled outlet mapping (the mapper's admin API body) onto the sandbox's chart of accounts."""
    return {
        "enabled": True,
        "payment_accounts": payment_accounts,
        "snapshot": {
            "outlet_id": outlet_id,
            "outlet_code": outlet_code,
            "branch_name": branch,
            "warehouse_name": warehouse,
            "walk_in_customer_no": walk_in_customer_no,
            **SANDBOX_ACCOUNTS,
            "tax": {"charges_ppn": False, "prices_include_tax": prices_include_tax},
        },
    }
