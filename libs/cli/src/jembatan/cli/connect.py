"""`jembatan connect`: Accurate (API token, checked by reading master data) and the iSeller API client."""

from __future__ import annotations

from typing import Annotated

import typer

from .handled import handled
from .output import Context
from .refusal import Refusal

UNREAD = ("Accurate could not be read with this token: check the API token, the signature secret and the "
          "account URL (the poster was not given this token; the mapper's log has Accurate's own words)")
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
    """Give the token to the mapper, check it by reading Accurate's master data, then give it to the poster."""
    c: Context = ctx.obj
    base = f"/admin/tenants/{tenant}"
    settings = c.admin.call("mapper", "GET", f"{base}/settings")  # the store name and the rest stay
    c.admin.call("mapper", "PUT", base, json={"settings": settings | {"accurate_account_url": account_url},
                 "accurate_api_token": api_token, "accurate_signature_secret": signature_secret})  # fmt: skip
    try:
        counts = c.admin.call("mapper", "POST", f"{base}/accurate/refresh")
    except Refusal as refusal:
        if refusal.status < 500:
            raise
        raise Refusal("mapper", refusal.status, UNREAD) from None
    c.admin.call("poster", "PUT", f"{base}/accurate",
                 json={"account_url": account_url, "api_token": api_token, "signature_secret": signature_secret})  # fmt: skip
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
    """Save the API client ingest pulls orders, products and outlets with."""
    c: Context = ctx.obj
    path = f"/admin/tenants/{tenant}/iseller-connection"
    body = {"client_id": client_id, "client_secret": client_secret, "refresh_token": refresh_token}
    c.admin.call("ingest", "PUT", path, json=body)
    saved = c.admin.call("ingest", "GET", path)
    if c.as_json:
        c.json(saved)
    else:
        c.facts(f"iSeller API client of {tenant}", {"client id": saved["client_id"], "OAuth URL": saved["oauth_url"],
                "refresh token": "set" if saved["has_refresh_token"] else "not set"})  # fmt: skip
