"""`jembatan pull`: pull store days from iSeller's API (backfill) and follow the run to its end."""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .handled import REFUSED, BadInput, handled
from .output import Context

app = typer.Typer(name="pull", help="Pulls from iSeller's API (backfill, recent runs).", no_args_is_help=True)
POLL_SECONDS = 0.5
RUN_FACTS = ("status", "windows_done", "windows_total", "pages", "orders_seen", "orders_new", "orders_parked",
             "products", "outlets", "shifts", "shifts_without_close", "error")  # fmt: skip


@app.command("backfill")
@handled
def backfill(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    first: Annotated[str, typer.Option("--from", help="First store day, YYYY-MM-DD.")],
    last: Annotated[str, typer.Option("--to", help="Last store day, YYYY-MM-DD (inclusive).")],
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
) -> None:
    """Pull the store days FROM..TO and follow the run with a progress bar; exits 1 if it failed."""
    c: Context = ctx.obj
    for day in (first, last):
        try:
            date.fromisoformat(day)
        except ValueError:
            raise BadInput(f"{day} is not a store day (YYYY-MM-DD)") from None
    body = {"from": first, "to": last, "outlet_id": outlet}
    run: dict[str, Any] = c.admin.call("ingest", "POST", f"/admin/tenants/{tenant}/backfill", json=body)
    columns = (TextColumn("pulling"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[orders]} orders"),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=c.err, disable=c.as_json) as bar:
        task = bar.add_task("pull", total=run["windows_total"] or None, orders=0)
        while run["status"] == "running":
            time.sleep(POLL_SECONDS)
            run = c.admin.call("ingest", "GET", f"/admin/tenants/{tenant}/pulls/{run['id']}")
            bar.update(task, completed=run["windows_done"], total=run["windows_total"], orders=run["orders_seen"])
    if c.as_json:
        c.json(run)
    else:
        c.facts(f"Pull {run['id']} of {tenant}", {k.replace("_", " "): run[k] for k in RUN_FACTS})
    if run["status"] != "done":
        raise typer.Exit(REFUSED)


@app.command("list")
@handled
def list_runs(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """The tenant's recent pull runs, newest first."""
    c: Context = ctx.obj
    runs = c.admin.call("ingest", "GET", f"/admin/tenants/{tenant}/pulls")
    if c.as_json:
        c.json(runs)
    elif not runs:
        c.say(f"No pulls for {tenant} yet.")
    else:
        c.table(f"Pulls of {tenant}", ("id", "mode", "status", "from (UTC)", "to (UTC)", "orders seen", "error"),
                ((r["id"], r["mode"], r["status"], r["window_from"][:16], r["window_to"][:16], r["orders_seen"],
                  r["error"]) for r in runs))  # fmt: skip
