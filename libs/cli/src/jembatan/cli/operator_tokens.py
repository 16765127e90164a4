"""`jembatan operator-tokens issue`: a token that sees one tenant only (global operator only)."""

from __future__ import annotations

from typing import Annotated

import typer

from .handled import handled
from .output import Context

app = typer.Typer(name="operator-tokens", help="Tokens for one tenant's operators.", no_args_is_help=True)


@app.command("issue")
@handled
def issue(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant the token may see.")],
    days: Annotated[int, typer.Option(help="Valid for this many days.")] = 30,
) -> None:
    """Issue a tenant-scoped token (printed once: hand it over, it is not stored anywhere)."""
    c: Context = ctx.obj
    done = c.admin.call(
        "ingest", "POST", "/admin/operator-tokens", json={"tenant_id": tenant, "valid_days": days}
    )
    if c.as_json:
        c.json(done)
    else:
        c.facts(f"Operator token for {tenant}", {"token": done["token"], "expires": done["expires_at"]})
