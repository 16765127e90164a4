"""`toko-demo` for `make up`: configured once in the one place, on the Accurate sandbox's seeded database.

Ingest saves the configuration and publishes it on tenant.config.v1; the mapper and the poster learn it
from the topic (`connect_tenant` waits until both hold it). The mapper then fills its cache of the
database's accounts, branches and warehouses, so the console opens with the pickers filled."""

from __future__ import annotations

from typing import Any

import httpx

from .stack import LocalStack
from .tenant_setup import AccurateDatabase, Admin, connect_tenant

DEMO_TENANT = "toko-demo"
DEMO_STORE_NAME = "Toko Demo"
DEMO_ISELLER_KEY = "demo-iseller-api-key"  # the simulator signs with it; demo only


async def seeded_database(account_url: str) -> AccurateDatabase | None:
    """The sandbox's seeded demo database with its API token; None when the sandbox has none."""
    async with httpx.AsyncClient(timeout=30) as http:
        reply = await http.get(f"{account_url}/_sandbox/databases")
        reply.raise_for_status()
        databases: list[dict[str, Any]] = reply.json()
    if not databases or not databases[0].get("apiToken"):
        return None
    db = databases[0]
    return AccurateDatabase(
        id=db["id"],
        account_url=account_url,
        api_token=db["apiToken"],
        signature_secret=db["signatureSecret"],
        branches=db.get("branches", []),
        warehouses=db.get("warehouses", []),
    )


async def connect_demo_tenant(stack: LocalStack) -> str | None:
    """Configure `toko-demo` through ingest's one place (idempotent) and fill the mapper's cache.
    None when the stack runs no ingest or the sandbox has no seeded database."""
    if "ingest" not in stack.urls:
        return None
    accurate = await seeded_database(stack.accurate.account_url)
    if accurate is None:
        return None
    await connect_tenant(
        stack.urls,
        stack.admin_token,
        DEMO_TENANT,
        store_name=DEMO_STORE_NAME,
        iseller_api_key=DEMO_ISELLER_KEY,
        accurate=accurate,
    )
    if "mapper" in stack.urls:
        mapper = Admin(stack.urls["mapper"], stack.admin_token)
        try:
            await mapper.post(f"/admin/tenants/{DEMO_TENANT}/accurate/refresh")
        finally:
            await mapper.close()
    return DEMO_TENANT
