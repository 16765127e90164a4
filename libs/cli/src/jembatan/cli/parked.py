"""`jembatan parked`: events waiting for a setting, with their reasons; try them again."""

from __future__ import annotations

from typing import Annotated

import typer

from .handled import handled
from .output import Context

app = typer.Typer(name="parked", help="Parked events and their reasons.", no_args_is_help=True)


@app.command("list")
@handled
def list_parked(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """The mapper's parked events (and ingest's unreadable deliveries), with the reason."""
    c: Context = ctx.obj
    events = c.admin.call("mapper", "GET", f"/admin/tenants/{tenant}/parked")
    deliveries = c.admin.call("ingest", "GET", f"/admin/tenants/{tenant}/parked")
    if c.as_json:
        c.json({"events": events, "deliveries": deliveries})
        return
    if not events and not deliveries:
        c.say(f"Nothing is parked for {tenant}.")
    if events:
        c.table(f"Parked events of {tenant}", ("parked at (UTC)", "event", "reason"),
                ((e["parked_at"][:19], e["schema_name"], e["reason"]) for e in events))  # fmt: skip
    if deliveries:
        c.table("Deliveries that could not be read", ("received at (UTC)", "kind", "reason"),
                ((d["received_at"][:19], d["kind"], d["reason"]) for d in deliveries))  # fmt: skip


@app.command("redrive")
@handled
def redrive(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """Try every parked event again (after a mapping or the catalogue changed)."""
    c: Context = ctx.obj
    outcome = c.admin.call("mapper", "POST", f"/admin/tenants/{tenant}/parked/redrive")
    if c.as_json:
        c.json(outcome)
    else:
        c.facts(f"Parked events of {tenant} tried again", {"now posted": outcome["facts_made"]})
