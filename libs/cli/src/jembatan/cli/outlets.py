"""`jembatan outlets`: the outlets iSeller knows and their mappings; set one from a JSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .files import read_json
from .handled import handled
from .output import Context
from .refusal import Refusal

app = typer.Typer(name="outlets", help="Outlet mappings (branch, warehouse, accounts).", no_args_is_help=True)
ACCOUNTS = ("iseller_pay_clearing_account", "mdr_fee_account", "payout_account", "bank_adjustment_account",
            "service_charge_account", "shipping_account", "rounding_account", "stock_adjustment_account",
            "stock_count_account", "damaged_goods_account", "output_tax_account", "sales_account")  # fmt: skip


def mapping_facts(mapping: dict[str, Any]) -> dict[str, Any]:
    """An outlet mapping as rows a person reads: switch, places, payment and other accounts, PPN."""
    snap = mapping["snapshot"]
    facts: dict[str, Any] = {"posting": "on" if mapping.get("enabled") else "off", "outlet code": snap["outlet_code"],
             "branch": snap["branch_name"], "warehouse": snap["warehouse_name"],
             "walk-in customer": snap["walk_in_customer_no"]}  # fmt: skip
    facts |= {f"payment {kind}": no for kind, no in sorted(mapping.get("payment_accounts", {}).items())}
    facts |= {name.removesuffix("_account").replace("_", " "): snap.get(name) for name in ACCOUNTS}
    tax = snap.get("tax", {})
    facts |= {"charges PPN": "yes" if tax.get("charges_ppn") else "no",
              "prices include PPN": "yes" if tax.get("prices_include_tax") else "no"}  # fmt: skip
    return facts


@app.command("set")
@handled
def set_outlet(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    outlet: Annotated[str, typer.Argument(help="The iSeller outlet id.")],
    mapping_file: Annotated[Path, typer.Argument(help="The mapping as JSON (see docs/cli.md).")],
    create_missing: Annotated[bool, typer.Option(help="Create a missing branch or warehouse in Accurate.")] = False,
) -> None:
    """Check the mapping against Accurate, save it, re-drive what waited for it."""
    c: Context = ctx.obj
    body = read_json(mapping_file)
    saved = c.admin.call("mapper", "PUT", f"/admin/tenants/{tenant}/outlets/{outlet}", json=body,
                         params={"create_missing": str(create_missing).lower()})  # fmt: skip
    if c.as_json:
        c.json(saved)
        return
    checked = "yes" if saved["checked_against_accurate"] else "no (the tenant is not connected to Accurate yet)"
    c.facts(f"Outlet {outlet} mapped", {"checked against Accurate": checked,
                                         "parked events now posted": saved["facts_made"]})  # fmt: skip


@app.command("show")
@handled
def show(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    outlet: Annotated[str, typer.Argument(help="The iSeller outlet id.")],
) -> None:
    """One outlet's mapping."""
    c: Context = ctx.obj
    mapping = c.admin.call("mapper", "GET", f"/admin/tenants/{tenant}/outlets/{outlet}")
    if c.as_json:
        c.json(mapping)
    else:
        c.facts(f"Outlet {outlet}", mapping_facts(mapping))


@app.command("list")
@handled
def list_outlets(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """The outlets ingest pulled from iSeller, each mapped or not."""
    c: Context = ctx.obj
    rows = []
    for outlet in c.admin.call("ingest", "GET", f"/admin/tenants/{tenant}/pulled/outlet"):
        try:
            mapping = c.admin.call("mapper", "GET", f"/admin/tenants/{tenant}/outlets/{outlet['outlet_id']}")
            state = "mapped" if mapping.get("enabled") else "mapped, off"
        except Refusal as refusal:
            if refusal.status != 404:
                raise
            state = "not mapped"
        rows.append({"outlet_id": outlet["outlet_id"], "code": outlet.get("outlet_code"),
                     "name": outlet.get("outlet_name"), "mapping": state})  # fmt: skip
    if c.as_json:
        c.json(rows)
    elif not rows:
        c.say("No outlet pulled from iSeller yet (connect the iSeller API and run a pull).")
    else:
        c.table(f"Outlets of {tenant}", ("outlet id", "code", "name", "mapping"), (list(r.values()) for r in rows))
