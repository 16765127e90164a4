"""`jembatan schedule`: the Jakarta hours at which an outlet's sales are posted."""

from __future__ import annotations

from typing import Annotated

import typer

from .handled import BadInput, handled
from .output import Context

app = typer.Typer(name="schedule", help="Scheduled posting hours per outlet.", no_args_is_help=True)


@app.command("hours")
@handled
def hours(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    outlet: Annotated[str, typer.Argument(help="The iSeller outlet id.")],
    at: Annotated[list[int] | None, typer.Argument(help="Hours 0-23 (WIB); none clears the schedule.")] = None,
) -> None:
    """Set the hours (WIB) at which the outlet's sales are posted."""
    c: Context = ctx.obj
    wanted = sorted(set(at or []))
    if any(not 0 <= h <= 23 for h in wanted):
        raise BadInput("hours are whole numbers from 0 to 23")
    c.admin.call("scheduler", "PUT", f"/admin/tenants/{tenant}/schedules/{outlet}", json={"hours": wanted})
    if c.as_json:
        c.json({"outlet_id": outlet, "hours": wanted})
    else:
        c.facts(f"Schedule of {outlet}", {"hours (WIB)": ", ".join(f"{h:02d}:00" for h in wanted) or "none"})


@app.command("show")
@handled
def show(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """Every outlet's scheduled hours."""
    c: Context = ctx.obj
    schedules = c.admin.call("scheduler", "GET", f"/admin/tenants/{tenant}/schedules")
    if c.as_json:
        c.json(schedules)
    elif not schedules:
        c.say(f"No outlet of {tenant} has scheduled hours.")
    else:
        c.table(f"Schedules of {tenant}", ("outlet", "hours (WIB)"),
                ((s["outlet_id"], ", ".join(f"{h:02d}:00" for h in s["hours"])) for s in schedules))  # fmt: skip
