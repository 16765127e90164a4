"""`make demo`: a demo store's day through the whole stack, on the embedded default.

Starts the broker, both sandboxes and the four services; connects a demo tenant (iSeller webhook
key, an Accurate sandbox database, outlet mappings, the catalogue); plays the simulator's day as
signed webhooks; waits for the poster; prints what was posted and where to look.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections import Counter
from datetime import date
from typing import Any

import httpx
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import StoreDay, generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send

from .stack import LocalStack
from .tenant_setup import (
    AccurateDatabase,
    Admin,
    connect_tenant,
    create_accurate_database,
    sandbox_outlet_mapping,
    wait_for_documents,
)

TENANT = "toko-demo"
ISELLER_API_KEY = "demo-iseller-api-key"  # the simulator signs with it; demo only
DAY = date(2026, 11, 25)
# iSeller payment type (or gateway) → an account of the sandbox's seeded chart of accounts
PAYMENT_ACCOUNTS = {
    "cash": "1-1001",
    "external_debit": "1-1012",
    "external_credit": "1-1013",
    "custom": "1-1014",
    "gift_card": "1-1002",
    "store_credit": "1-1002",
    "account_balance": "1-1002",
}


def outlet_mapping(outlet: Any) -> dict[str, Any]:
    return sandbox_outlet_mapping(
        outlet.outlet_id,
        outlet.outlet_code,
        outlet.outlet_name,
        f"Gudang {outlet.outlet_code}",
        payment_accounts=PAYMENT_ACCOUNTS,
        walk_in_customer_no=f"UMUM-{outlet.outlet_code}",
        prices_include_tax=outlet.tax_inclusive,
    )


async def load_catalogue(day: StoreDay, accurate: AccurateDatabase, urls: dict[str, str], token: str) -> int:
    """Create the store's SKU'd products in Accurate and map SKU → item number in the mapper."""
    items = [i for i in day.catalogue.items if i.sku and len(i.sku) <= 30]
    unique = {i.sku: i for i in items}
    auth = ApiTokenAuth(token=accurate.api_token, signature_secret=accurate.signature_secret)
    async with AccurateClient(auth, account_url=accurate.account_url) as client:
        records = [
            {
                "no": sku,
                "name": i.name[:100],
                "itemType": "NON_INVENTORY",
                "unit1Name": "PCS",
                "unitPrice": i.price,
            }
            for sku, i in unique.items()
        ]
        for start in range(0, len(records), 100):
            await client.bulk_save("item", records[start : start + 100])
    mapper = Admin(urls["mapper"], token)
    try:
        await mapper.put(
            f"/admin/tenants/{TENANT}/catalogue",
            [{"sku": sku, "item_no": sku, "name": i.name} for sku, i in unique.items()],
        )
        for outlet in day.outlets:
            await mapper.put(f"/admin/tenants/{TENANT}/outlets/{outlet.outlet_id}", outlet_mapping(outlet))
    finally:
        await mapper.close()
    return len(unique)


async def run(stack: LocalStack, faults: FaultOptions | None = None) -> dict[str, Any]:
    """Play the demo day through `stack`; `faults` makes iSeller repeat, reorder or delay deliveries."""
    day = generate_day(7, DAY, DEMO)
    accurate = await create_accurate_database(
        stack.accurate.account_url,
        "Toko Demo",
        [o.outlet_name for o in day.outlets],
        [f"Gudang {o.outlet_code}" for o in day.outlets],
    )
    await connect_tenant(
        stack.urls,
        stack.admin_token,
        TENANT,
        store_name="Toko Demo",
        iseller_api_key=ISELLER_API_KEY,
        accurate=accurate,
    )
    products = await load_catalogue(day, accurate, stack.urls, stack.admin_token)
    report = await send(
        plan(day.deliveries, faults or FaultOptions()),
        target=stack.urls["ingest"],
        tenant=TENANT,
        api_key=ISELLER_API_KEY,
    )
    docs = await wait_for_documents(stack.urls, stack.admin_token, TENANT, expected=10**9, within=90)
    async with httpx.AsyncClient(base_url=accurate.account_url, timeout=30) as http:
        books = (
            await http.get(f"/_sandbox/databases/{accurate.id}/ledger", params={"journal": "false"})
        ).json()
    return {
        "day": day,
        "books": books,
        "accurate": accurate,
        "products": products,
        "deliveries": len(day.deliveries),
        "sent": report.sent,
        "orders": len(day.orders),
        "documents": docs,
    }


def describe(stack: LocalStack, outcome: dict[str, Any]) -> str:
    accurate: AccurateDatabase = outcome["accurate"]
    states = Counter((d["document_type"], d["state"]) for d in outcome["documents"])
    lines = [
        "",
        "Jembatan demo — a day of the demo store went through the stack.",
        f"  iSeller deliveries sent: {outcome['sent']} of {outcome['deliveries']} ({outcome['orders']} orders)",
        f"  products created in Accurate: {outcome['products']}",
        "  Accurate documents by type and state:",
        *(f"    {kind:<15} {state:<8} {n}" for (kind, state), n in sorted(states.items())),
        f"  the sandbox's trial balance balances: {outcome['books']['totals']['balanced']}",
        "  open receivables per customer (walk-in customers must be 0):",
        *(f"    {c['customerNo']:<15} {c['balance']}" for c in outcome["books"]["receivables"]["customers"]),
        "",
        "Where to look:",
        f"  invoices in the Accurate sandbox: {accurate.account_url}/_sandbox/databases/{accurate.id}/invoices",
        f"  the sandbox's books (trial balance): {accurate.account_url}/_sandbox/databases/{accurate.id}/ledger",
        *(
            f"  {name:<9} admin API docs {url}/docs   metrics {url}/metrics"
            for name, url in stack.urls.items()
            if name in ("ingest", "mapper", "poster", "scheduler")
        ),
        f"  admin token (this run only): {stack.admin_token}",
        f"  logs: {stack.logs_dir}",
        "",
    ]
    return "\n".join(lines)


async def main_async() -> None:
    # JEMBATAN_DATABASE_URL, when set, puts the demo's services on that database (one fresh schema
    # prefix per run) instead of the embedded SQLite files.
    database_url = os.environ.get("JEMBATAN_DATABASE_URL") or None
    prefix = f"demo_{secrets.token_hex(3)}_" if database_url else ""
    async with LocalStack(
        accurate=True, iseller=False, database_url=database_url, schema_prefix=prefix
    ) as stack:
        print(describe(stack, await run(stack)), flush=True)
        if sys.stdin.isatty():
            print("Running until Ctrl-C …", flush=True)
            await asyncio.Event().wait()


def main() -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main_async())
