"""`jembatan connect`: Accurate (API token) and the iSeller API client, through ingest's one place, which
checks each with its own service before saving; then the mapper reads Accurate's master data with it."""

from __future__ import annotations

from typing import Annotated

import typer

from .configuration import configure, wait_for_mapper
from .handled import handled
from .output import Context
from .refusal import Refusal

UNREAD = ("the connection was checked and saved, but the mapper could not read Accurate's master data with it "
          "yet; its log says why")
app = typer.Typer(name="connect", help="Connect a tenant to Accurate and to iSeller's API.", no_args_is_help=True)


@app.command("accurate")
@handled
def accurate(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    api_token: Annotated[str, typer.Option(help="Accurate API token.", prompt=True, hide_input=True)],
    signature_secret: Annotated[str, typer.Option(help="Accurate signature secret.", prompt=True, hide_input=True)],
    account_url: Annotated[str, typer.Option(help="Accurate's account URL.")] = "https://account.accurate.id",
) -> None:
    """Check the token with Accurate and save it in the one place; show what the mapper read with it."""
    c: Context = ctx.obj
    body = {"accurate": {"account_url": account_url, "api_token": api_token, "signature_secret": signature_secret}}
    saved = configure(c.admin, tenant, body)
    wait_for_mapper(c.admin, tenant, saved["version"])
    try:
        counts = c.admin.call("mapper", "POST", f"/admin/tenants/{tenant}/accurate/refresh")
    except Refusal as refusal:
        if refusal.status < 500:
            raise
        raise Refusal("mapper", refusal.status, UNREAD) from None
    if c.as_json:
        c.json({"connected": True, "master_data": counts})
    else:
        c.table(f"{tenant} is connected to Accurate — records read", ("kind", "records"), counts.items())


@app.command("iseller")
@handled
def iseller(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    client_id: Annotated[str, typer.Option(help="iSeller API client id.")],
    client_secret: Annotated[str, typer.Option(help="iSeller API client secret.", prompt=True, hide_input=True)],
    refresh_token: Annotated[str | None, typer.Option(help="A refresh token, if iSeller gave one.")] = None,
) -> None:
    """Save the API client ingest pulls orders, products and outlets with (iSeller is asked for a token first)."""
    c: Context = ctx.obj
    pull = {"client_id": client_id, "client_secret": client_secret, "refresh_token": refresh_token}
    configure(c.admin, tenant, {"iseller_pull": pull})
    saved = c.admin.call("ingest", "GET", f"/admin/tenants/{tenant}/iseller-connection")
    if c.as_json:
        c.json(saved)
    else:
        c.facts(f"iSeller API client of {tenant}", {"client id": saved["client_id"], "OAuth URL": saved["oauth_url"],
                "refresh token": "set" if saved["has_refresh_token"] else "not set"})  # fmt: skip
