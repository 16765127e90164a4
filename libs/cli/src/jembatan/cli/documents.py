"""`jembatan documents`: what the poster sent to Accurate, and retrying a failed one."""

from __future__ import annotations

from typing import Annotated

import typer

from .handled import handled
from .output import Context

app = typer.Typer(name="documents", help="Documents posted to Accurate.", no_args_is_help=True)


@app.command("list")
@handled
def list_documents(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    state: Annotated[str | None, typer.Option(help="Only this state (planned, posted, failed, ...).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
) -> None:
    """The tenant's documents, newest first, with Accurate's message when it refused one."""
    c: Context = ctx.obj
    params: dict[str, str | int] = {"limit": limit} | ({"state": state} if state else {})
    docs = c.admin.call("poster", "GET", f"/admin/tenants/{tenant}/documents", params=params)
    if c.as_json:
        c.json(docs)
    elif not docs:
        c.say(f"No documents for {tenant}.")
    else:
        c.table(f"Documents of {tenant}", ("number", "type", "state", "attempts", "message"),
                ((d["number"], d["document_type"], d["state"], d["attempts"], d["message"]) for d in docs))  # fmt: skip


@app.command("retry")
@handled
def retry(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    document_key: Annotated[str, typer.Argument(help="The document's key (from `documents list --json`).")],
) -> None:
    """Send a failed document again, after fixing what Accurate complained about."""
    c: Context = ctx.obj
    doc = c.admin.call("poster", "POST", f"/admin/tenants/{tenant}/documents/{document_key}/retry")
    if c.as_json:
        c.json(doc)
    else:
        c.facts(f"Document {doc['number']}", {"state": doc["state"], "attempts": doc["attempts"]})
