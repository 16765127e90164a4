"""`make demo`: a demo store's day through the whole stack, on the embedded default.

Starts the broker, both sandboxes and the four services; connects a demo tenant (iSeller webhook
key, an Accurate sandbox database, outlet mappings, the catalogue); plays the simulator's day as
signed webhooks; waits for the poster; prints what was posted and where to look.

The store has three outlets, one per sync mode: HO (PPN 11 % on top, service charge) posts in
real time, KG (PPN inside its prices) at shift close, BSD (no PPN) at scheduled hours, whose
windows the demo posts with the poster's "post window now" verb once the day's facts are in.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

import httpx
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.sandbox.iseller.catalogue_views import products as iseller_products
from jembatan.sandbox.iseller.config import DEMO, StoreConfig
from jembatan.sandbox.iseller.day import StoreDay, generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send

from . import shift_polling
from .ctrl_c import STOPPED, cancel_on_first_ctrl_c
from .services import SERVICES
from .stack import LocalStack
from .tenant_setup import (
    AccurateDatabase,
    Admin,
    connect_tenant,
    create_accurate_database,
    sandbox_outlet_mapping,
    wait_for_documents,
)

STORE = replace(DEMO, outlets=3, clean_catalogue=True)
SEED = 7
# Sync mode per outlet code (iSeller's names): one of each.
SYNC_MODES: dict[str, dict[str, Any]] = {
    "HO": {"sync_mode": "real_time"},
    "KG": {"sync_mode": "shift_close"},
    "BSD": {"sync_mode": "scheduled", "scheduled_hours": [0, 12, 17]},
}
PPN_TAX_CODE = "PPN"  # seeded by the Accurate sandbox: 11 %, output tax 2-1100

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


def outlet_mapping(outlet: Any, charges_ppn: bool = False) -> dict[str, Any]:
    """The outlet's mapping; `charges_ppn`: Accurate computes PPN with the seeded tax code (the
    merchant's other choice, off, books the till's PPN on an explicit output-tax line)."""
    mapping = sandbox_outlet_mapping(
        outlet.outlet_id,
        outlet.outlet_code,
        outlet.outlet_name,
        f"Gudang {outlet.outlet_code}",
        payment_accounts=PAYMENT_ACCOUNTS,
        walk_in_customer_no=f"UMUM-{outlet.outlet_code}",
        prices_include_tax=outlet.tax_inclusive,
    )
    if charges_ppn and outlet.tax_rate > 0:
        mapping["snapshot"]["tax"].update(charges_ppn=True, tax_code=PPN_TAX_CODE)
    mapping["snapshot"].update(SYNC_MODES.get(outlet.outlet_code, {}))
    return mapping


async def load_catalogue(
    day: StoreDay,
    accurate: AccurateDatabase,
    urls: dict[str, str],
    token: str,
    tenant: str = TENANT,
    charges_ppn: bool = False,
) -> int:
    """Create the store's SKU'd products in Accurate and map SKU → item number in the mapper."""
    items = [i for i in day.catalogue.items if i.sku and len(i.sku) <= 30]
    unique = {i.sku: i for i in items}
    opening = day.truth["opening_stock"]  # outlet id → SKU → units, before the day
    warehouse = {o.outlet_id: f"Gudang {o.outlet_code}" for o in day.outlets}
    auth = ApiTokenAuth(token=accurate.api_token, signature_secret=accurate.signature_secret)
    async with AccurateClient(auth, account_url=accurate.account_url) as client:
        records = [_item_record(sku, i, opening, warehouse, charges_ppn) for sku, i in unique.items()]
        records.sort(key=lambda r: r["itemType"] == "GROUP")  # a GROUP's components exist before it
        for start in range(0, len(records), 100):
            await client.bulk_save("item", records[start : start + 100])
    mapper = Admin(urls["mapper"], token)
    try:  # the store's products as iSeller lists them (kinds, combosets' components), then SKU → item
        await mapper.put(
            f"/admin/tenants/{tenant}/products", json.loads(json.dumps(iseller_products(day), default=str))
        )
        await mapper.put(
            f"/admin/tenants/{tenant}/catalogue",
            [{"sku": sku, "item_no": sku, "name": i.name} for sku, i in unique.items()],
        )
        for outlet in day.outlets:
            await mapper.put(
                f"/admin/tenants/{tenant}/outlets/{outlet.outlet_id}", outlet_mapping(outlet, charges_ppn)
            )
    finally:
        await mapper.close()
    return len(unique)


def _item_record(
    sku: str, item: Any, opening: dict[str, dict[str, int]], warehouse: dict[str, str], charges_ppn: bool
) -> dict[str, Any]:
    """A stocked product becomes an inventory item holding the outlets' opening stock; a composite
    (or a modifier made of ingredients) a GROUP item whose components are its ingredients, so that
    selling it relieves them, as the mapper's product import does (`item_import.item_for`)."""
    common = {
        "no": sku,
        "name": item.name[:100],
        "unit1Name": "PCS",
        "unitPrice": item.price,
        **({"tax1Name": PPN_TAX_CODE} if charges_ppn and item.taxable else {}),
    }
    if item.type in ("composite", "modifier") and item.components:
        parts = [{"itemNo": part, "quantity": per_unit} for part, per_unit in item.components]
        return {**common, "itemType": "GROUP", "detailGroup": parts}
    balances = [
        {"quantity": units[sku], "unitCost": item.cost, "warehouseName": warehouse[outlet_id]}
        for outlet_id, units in sorted(opening.items())
        if units.get(sku)
    ]
    return {
        **common,
        "itemType": "INVENTORY" if balances else "NON_INVENTORY",
        **({"detailOpenBalance": balances} if balances else {}),
    }


async def open_demo_tenant(stack: LocalStack, day: StoreDay, tenant: str) -> AccurateDatabase:
    """A fresh Accurate database with the day's branches and warehouses, and `tenant` configured
    once in the one place with it and the demo's iSeller key."""
    accurate = await create_accurate_database(
        stack.accurate.account_url,
        f"Toko Demo {tenant}",
        [o.outlet_name for o in day.outlets],
        [f"Gudang {o.outlet_code}" for o in day.outlets],
    )
    await connect_tenant(
        stack.urls,
        stack.admin_token,
        tenant,
        store_name="Toko Demo",
        iseller_api_key=ISELLER_API_KEY,
        accurate=accurate,
    )
    return accurate


async def run(
    stack: LocalStack,
    faults: FaultOptions | None = None,
    *,
    tenant: str = TENANT,
    charges_ppn: bool = False,
    config: StoreConfig = STORE,
    realistic_shifts: shift_polling.RealisticShifts | None = None,
) -> dict[str, Any]:
    """Play the demo day through `stack` for `tenant`; `faults` makes iSeller repeat, reorder or
    delay deliveries; `charges_ppn` picks the PPN mapping (see `outlet_mapping`); `realistic_shifts`
    plays the day as real iSeller shows shifts, learnt by polling the stack's simulator (see
    `shift_polling`; the stack must run it with `shift_polling.simulator_argv`)."""
    day = generate_day(SEED, DAY, replace(config, realistic_shifts=True) if realistic_shifts else config)
    accurate = await open_demo_tenant(stack, day, tenant)
    products = await load_catalogue(day, accurate, stack.urls, stack.admin_token, tenant, charges_ppn)
    played, lost = day, set[str]()
    if realistic_shifts:
        await shift_polling.connect_pull(stack, tenant, day)
        played, lost = shift_polling.losing_orders(day, realistic_shifts, shift_close_outlets(day))
    report = await play(stack, played, tenant, faults)
    if realistic_shifts:
        await shift_polling.poll_after_the_day(stack, tenant, day)
        shifts = [s for s in day.shifts if s.outlet.outlet_id in shift_close_outlets(day)]
        await shift_polling.wait_for_shift_windows(stack, tenant, shifts)
    docs = await settle_day(stack, tenant)
    return {
        "tenant": tenant,
        "day": day,
        "books": await read_books(accurate),
        "accurate": accurate,
        "products": products,
        "deliveries": len(day.deliveries),
        "sent": report.sent,
        "orders": len(day.orders),
        "documents": docs,
        "lost_orders": lost,
    }


def shift_close_outlets(day: StoreDay) -> list[str]:
    return [
        o.outlet_id
        for o in day.outlets
        if SYNC_MODES.get(o.outlet_code, {}).get("sync_mode") == "shift_close"
    ]


async def play(stack: LocalStack, day: StoreDay, tenant: str, faults: FaultOptions | None = None) -> Any:
    """Send the day's webhooks, signed, as iSeller would (again, for a replay)."""
    return await send(
        plan(day.deliveries, faults or FaultOptions()),
        target=stack.urls["ingest"],
        tenant=tenant,
        api_key=ISELLER_API_KEY,
    )


async def settle_day(stack: LocalStack, tenant: str, rounds: int = 6) -> list[dict[str, Any]]:
    """Wait until the day's facts are in, post the scheduled-hours windows still open (the hour
    triggers of a past day), and again for facts that came late into a next window; then wait
    until every document is final."""
    poster = Admin(stack.urls["poster"], stack.admin_token)
    try:
        for _ in range(rounds):
            await wait_for_documents(stack.urls, stack.admin_token, tenant, expected=10**9, within=90)
            await _poster_quiet(stack.urls["poster"])
            windows = await poster.get(f"/admin/tenants/{tenant}/windows", state="open", limit=1000)
            scheduled = [w for w in windows if w["mode"] == "scheduled"]
            if not scheduled:
                break
            for window in scheduled:
                await poster.post(f"/admin/tenants/{tenant}/windows/{window['window_id']}/post")
    finally:
        await poster.close()
    return await wait_for_documents(stack.urls, stack.admin_token, tenant, expected=10**9, within=90)


async def _poster_quiet(url: str, quiet: float = 3.0, within: float = 60.0) -> None:
    """Until the poster has taken no message from the broker for `quiet` seconds."""
    loop = asyncio.get_running_loop()
    deadline, last, since = loop.time() + within, -1.0, loop.time()
    async with httpx.AsyncClient(timeout=10) as http:
        while loop.time() < deadline:
            text = (await http.get(f"{url}/metrics")).text
            consumed = sum(
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("jembatan_messages_consumed_total{")
            )
            if consumed != last:
                last, since = consumed, loop.time()
            elif loop.time() - since >= quiet:
                return
            await asyncio.sleep(0.5)


async def read_books(accurate: AccurateDatabase) -> dict[str, Any]:
    """The sandbox's books: trial balance, receivables per customer, stock per warehouse."""
    async with httpx.AsyncClient(base_url=accurate.account_url, timeout=30) as http:
        reply = await http.get(f"/_sandbox/databases/{accurate.id}/ledger", params={"journal": "false"})
        reply.raise_for_status()
        books: dict[str, Any] = reply.json()
    return books


def member_balances(outcome: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """Per member: (customer no, name, balance in Accurate, the simulator's own unpaid balance)."""
    day: StoreDay = outcome["day"]
    books = {c["customerNo"]: int(c["balance"]) for c in outcome["books"]["receivables"]["customers"]}
    truth = {cid: int(balance) for cid, balance in day.truth["customers"].items()}
    return [
        (m.external_customer_id, f"{m.first_name} {m.last_name}", books.get(m.external_customer_id, 0),
         truth.get(m.customer_id, 0))
        for m in day.members
        if m.external_customer_id in books or truth.get(m.customer_id)
    ]  # fmt: skip


def describe(stack: LocalStack, outcome: dict[str, Any]) -> str:
    accurate: AccurateDatabase = outcome["accurate"]
    docs = outcome["documents"]
    kinds = Counter((d.get("kind") or d["document_type"], d["state"]) for d in docs)
    by_kind: dict[str, Counter[str]] = {}
    for (kind, state), n in kinds.items():
        by_kind.setdefault(kind, Counter())[_state_word(state)] += n
    failed = [d for d in docs if d["state"] == "failed"]
    members = member_balances(outcome)
    walk_in = [c for c in outcome["books"]["receivables"]["customers"] if c["customerNo"].startswith("UMUM-")]
    lines = [
        "",
        "Jembatan demo — a day of the demo store went through the stack.",
        f"  iSeller deliveries sent: {outcome['sent']} of {outcome['deliveries']} ({outcome['orders']} orders)",
        "  outlets: " + ", ".join(f"{o.outlet_code} ({SYNC_MODES.get(o.outlet_code, {}).get('sync_mode', 'real_time')})"
                                  for o in outcome["day"].outlets),
        f"  products created in Accurate: {outcome['products']}",
        "  Accurate documents by activity kind:   posted  failed  waiting",
        *(f"    {kind:<30} {c['posted']:>8} {c['failed']:>7} {c['waiting']:>8}" for kind, c in sorted(by_kind.items())),
        f"  the sandbox's trial balance balances: {outcome['books']['totals']['balanced']}",
        "  walk-in customers' receivable (must be 0): "
        + ", ".join(f"{c['customerNo']} {int(c['balance']):,}" for c in walk_in),
        "  member balances: Accurate beside iSeller (the simulator's own figures):",
        *(f"    {no:<8} {name:<20} {acc:>10,} {sim:>10,}  {'equal' if acc == sim else 'DIFFERENT'}"
          for no, name, acc, sim in members),
        *(["  failed documents (Accurate's message):"] if failed else ["  no document failed."]),
        *(f"    {d['document_type']} {d['number']}: {d.get('message')}" for d in failed[:20]),
        "",
        "Where to look:",
        *(
            [f"  the console: {stack.urls['console']}/t/{TENANT}/activity   (sign in with the admin token below)"]
            if "console" in stack.urls
            else []
        ),
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
    ]  # fmt: skip
    return "\n".join(lines)


def _state_word(state: str) -> str:
    return state if state in ("posted", "failed") else "waiting"


async def main_async() -> None:
    # JEMBATAN_DATABASE_URL, when set, puts the demo's services on that database (one fresh schema
    # prefix per run) instead of the embedded SQLite files.
    database_url = os.environ.get("JEMBATAN_DATABASE_URL") or None
    prefix = f"demo_{secrets.token_hex(3)}_" if database_url else ""
    cancel_on_first_ctrl_c(asyncio.current_task())  # type: ignore[arg-type]  # one Ctrl-C: stop, quietly
    async with LocalStack(
        accurate=True,
        iseller=False,
        services=[*SERVICES, "console"],
        database_url=database_url,
        schema_prefix=prefix,
    ) as stack:
        print(describe(stack, await run(stack)), flush=True)
        if sys.stdin.isatty():
            print("Running until Ctrl-C …", flush=True)
            await asyncio.Event().wait()


def main() -> int:
    """0 when the day was shown, and after one Ctrl-C at any moment (the stack stopped, "stopped.")."""
    try:
        asyncio.run(main_async())
    except (KeyboardInterrupt, asyncio.CancelledError):
        print(STOPPED, flush=True)
    return 0
