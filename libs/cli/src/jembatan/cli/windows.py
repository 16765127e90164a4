"""`jembatan windows`: the poster's posting windows — list, preview (posts nothing), post now, re-sync."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import typer

from .handled import BadInput, handled
from .output import Context

WIB = ZoneInfo("Asia/Jakarta")

app = typer.Typer(name="windows", help="Posting windows: preview, post now, re-sync.", no_args_is_help=True)


def _path(tenant: str, window_id: str, verb: str) -> str:
    return f"/admin/tenants/{tenant}/windows/{quote(window_id, safe=':/')}/{verb}"


@app.command("list")
@handled
def list_windows(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    state: Annotated[
        str | None, typer.Option(help="Only windows in this state (open, closed, planned).")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet id.")] = None,
) -> None:
    """The tenant's windows, newest first: mode, outlet, when they open and close, state."""
    c: Context = ctx.obj
    params = {k: v for k, v in {"state": state, "outlet_id": outlet}.items() if v}
    rows = c.admin.call("poster", "GET", f"/admin/tenants/{tenant}/windows", params=params)
    if c.as_json:
        c.json(rows)
    elif not rows:
        c.say(f"No windows for {tenant}.")
    else:
        c.table(f"Windows of {tenant}", ("window", "outlet", "mode", "closes", "state"),
                ((w["window_id"], w["outlet_id"], w["mode"], w["closed_at"], w["state"]) for w in rows))  # fmt: skip


@app.command("preview")
@handled
def preview(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    window_id: Annotated[str, typer.Argument(help="The window id (from `windows list`).")],
) -> None:
    """What this window would post now: its documents and totals. Nothing is written or sent."""
    c: Context = ctx.obj
    seen: dict[str, Any] = c.admin.call("poster", "GET", _path(tenant, window_id, "preview"))
    if c.as_json:
        c.json(seen)
        return
    c.facts(f"Window {window_id}", {"orders": seen["orders"], "sales total": seen["sales_total"],
                                     "refunds": seen["refunds"], "refunds total": seen["refunds_total"],
                                     "cannot post because": seen["refused_because"]})  # fmt: skip
    c.table("Documents it would post", ("kind", "type", "number", "state"),
            ((d["kind"], d["document_type"], d["number"], d["state"] or "not planned yet") for d in seen["documents"]))  # fmt: skip


@app.command("post-now")
@handled
def post_now(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    window_id: Annotated[str, typer.Argument(help="The window id (from `windows list`).")],
) -> None:
    """Post a window now, without waiting for its shift close or scheduled hour."""
    c: Context = ctx.obj
    done = c.admin.call("poster", "POST", _path(tenant, window_id, "post"))
    if c.as_json:
        c.json(done)
    else:
        c.say(f"Window {window_id}: {done['new_documents']} new document(s) planned for Accurate.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{text} is not a day (YYYY-MM-DD)") from None


@app.command("resync")
@handled
def resync(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    start: Annotated[str, typer.Option("--from", help="First day (WIB), YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day (WIB), YYYY-MM-DD, inclusive.")],
) -> None:
    """Re-plan the windows closed on these days: documents missing from the ledger are added."""
    c: Context = ctx.obj
    first, last = _day(start), _day(end)
    if last < first:
        raise BadInput("--to is before --from")
    body = {"start": datetime.combine(first, time(), WIB).isoformat(),
            "end": datetime.combine(last + timedelta(days=1), time(), WIB).isoformat()}  # fmt: skip
    done = c.admin.call("poster", "POST", f"/admin/tenants/{tenant}/resync", json=body)
    if c.as_json:
        c.json(done)
    else:
        c.say(f"{done['windows']} window(s) looked at, {done['new_documents']} missing document(s) added.")
        if done.get("sent_again"):
            c.say(f"Sent again (no longer in Accurate): {', '.join(done['sent_again'])}")
