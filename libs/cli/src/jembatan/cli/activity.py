"""`jembatan activity`: the poster's activity log (every document, in the add-on's kinds), retries."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .handled import handled
from .output import Context

app = typer.Typer(name="activity", help="The activity log: what was posted to Accurate, and retries.",
                  no_args_is_help=True)  # fmt: skip

KINDS = "order sync, receipt, return, customer, payout deposit, transfer, adjustment, stock count"


@app.command("list")
@handled
def list_activity(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    state: Annotated[str | None, typer.Option(help="Only this state (planned, posted, failed, ...).")] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only this kind ({KINDS}).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
) -> None:
    """Each document: kind, outlet, window, state, attempts, Accurate's number and message in full."""
    c: Context = ctx.obj
    params: dict[str, Any] = {"tenant_id": tenant, "limit": limit, "offset": offset}
    params |= {k: v for k, v in {"state": state, "kind": kind, "outlet_id": outlet}.items() if v}
    page = c.admin.call("poster", "GET", "/admin/activity", params=params)
    if c.as_json:
        c.json(page)
        return
    docs = page["documents"]
    if not docs:
        c.say(f"No activity for {tenant}.")
        return
    c.table(f"Activity of {tenant} ({len(docs)} of {page['total']})",
            ("kind", "outlet", "number", "state", "attempts", "iSeller references", "Accurate's message", "key"),
            ((d["kind"], d["outlet_id"], d["number"], d["state"], d["attempts"], ", ".join(d["source_ids"]),
              d["message"], d["document_key"]) for d in docs))  # fmt: skip


@app.command("retry")
@handled
def retry(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    document_key: Annotated[
        str, typer.Argument(help="The document's key (the last column of `activity list`).")
    ],
) -> None:
    """Send one failed document again, rebuilt from its facts, after fixing the cause."""
    c: Context = ctx.obj
    doc = c.admin.call("poster", "POST", f"/admin/tenants/{tenant}/documents/{document_key}/retry")
    if c.as_json:
        c.json(doc)
    else:
        c.facts(
            f"Document {doc['number']} will be sent again",
            {"state": doc["state"], "attempts": doc["attempts"]},
        )


@app.command("retry-failed")
@handled
def retry_failed(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    kind: Annotated[str | None, typer.Option(help="Only failed documents of this kind.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet id.")] = None,
) -> None:
    """Send every failed document again (after a fix); lists those that cannot be retried and why."""
    c: Context = ctx.obj
    params = {k: v for k, v in {"kind": kind, "outlet_id": outlet}.items() if v}
    done = c.admin.call("poster", "POST", f"/admin/tenants/{tenant}/documents/retry-failed", params=params)
    if c.as_json:
        c.json(done)
        return
    c.say(f"{len(done['retried'])} failed document(s) will be sent again.")
    if done["refused"]:
        c.table(
            "Not retried", ("document", "why"), ((r["document_key"], r["reason"]) for r in done["refused"])
        )
