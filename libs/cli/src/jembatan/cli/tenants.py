"""`jembatan tenants`: create a tenant (in ingest's one place; the others receive it); its webhook URLs."""

from __future__ import annotations

from typing import Annotated

import typer

from .configuration import configure, wait_for_mapper
from .handled import handled
from .output import Context

app = typer.Typer(name="tenants", help="Create tenants and show what to give iSeller.", no_args_is_help=True)


@app.command("create")
@handled
def create(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id (appears in the webhook URLs).")],
    store_name: Annotated[str, typer.Option(help="The store's name.")],
    iseller_key: Annotated[
        str, typer.Option(help="The API key iSeller signs webhooks with.", prompt=True, hide_input=True)
    ],
) -> None:
    """Create (or update) a tenant in the one place; returns once the mapper holds it."""
    c: Context = ctx.obj
    saved = configure(c.admin, tenant, {"store_name": store_name, "webhook_key": iseller_key})
    wait_for_mapper(c.admin, tenant, saved["version"])
    if c.as_json:
        c.json({"tenant": tenant, "configuration": saved})
        return
    c.facts(f"Tenant {tenant}", {"store name": store_name, "iSeller webhook key": "set",
                                  "next": f"jembatan connect accurate {tenant}"})  # fmt: skip


@app.command("list")
@handled
def list_tenants(ctx: typer.Context) -> None:
    """Every tenant, with its store name and whether Accurate is connected."""
    c: Context = ctx.obj
    rows = c.admin.call("mapper", "GET", "/admin/tenants")
    if c.as_json:
        c.json(rows)
    elif not rows:
        c.say("No tenants yet: jembatan tenants create …")
    else:
        c.table("Tenants", ("tenant", "store name", "Accurate"),
                ((t["tenant_id"], t["store_name"], "connected" if t["accurate_connected"] else "not connected")
                 for t in rows))  # fmt: skip


@app.command("webhooks")
def webhooks(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    public_url: Annotated[
        str | None, typer.Option(help="Ingest's URL as iSeller reaches it (HTTPS).")
    ] = None,
) -> None:
    """The webhook URL per event kind to paste into iSeller."""
    from jembatan.contracts.iseller import WEBHOOK_KINDS  # here: the contracts take a second to import

    c: Context = ctx.obj
    base = (public_url or c.admin.urls["ingest"]).rstrip("/")
    urls = {kind: f"{base}/webhooks/iseller/{tenant}/{kind}" for kind in sorted(WEBHOOK_KINDS)}
    if c.as_json:
        c.json(urls)
    else:
        c.table(f"Webhook URLs for {tenant}", ("event kind", "URL"), urls.items())
