"""`jembatan`: one command for what the services' admin APIs do today.

    jembatan --token T tenants create toko-1 --store-name "Toko Satu" --iseller-key K
    jembatan connect accurate toko-1 --api-token ... --signature-secret ...
    jembatan outlets set toko-1 outlet-ho mapping.json
    jembatan products import toko-1
    jembatan --json parked list toko-1

Exit status: 0 done; 1 a service refused (its message is printed); 2 bad usage; 3 a service
cannot be reached (one readable line, never a traceback).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from . import (
    activity,
    connect,
    documents,
    find,
    operator_tokens,
    outlets,
    parked,
    products,
    pull,
    schedule,
    tenants,
    windows,
)
from .admin import DEFAULT_URLS, Admin
from .output import Context

app = typer.Typer(
    name="jembatan",
    help="Drive Jembatan's services: tenants, connections, outlets, products, parked events, schedules.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for module in (
    tenants,
    connect,
    outlets,
    products,
    pull,
    parked,
    schedule,
    windows,
    activity,
    documents,
    operator_tokens,
):
    app.add_typer(module.app)
app.command("find")(find.find)


def _url(service: str) -> Any:
    return typer.Option(f"--{service}-url", envvar=f"JEMBATAN_{service.upper()}_URL",
                        help=f"Base URL of the {service} service.", show_envvar=True)  # fmt: skip


TOKEN = typer.Option(envvar="JEMBATAN_ADMIN_TOKEN", show_envvar=True, help="The admin (operator) token.")


@app.callback()
def main(
    ctx: typer.Context,
    token: Annotated[str | None, TOKEN] = None,
    ingest_url: Annotated[str, _url("ingest")] = DEFAULT_URLS["ingest"],
    mapper_url: Annotated[str, _url("mapper")] = DEFAULT_URLS["mapper"],
    poster_url: Annotated[str, _url("poster")] = DEFAULT_URLS["poster"],
    scheduler_url: Annotated[str, _url("scheduler")] = DEFAULT_URLS["scheduler"],
    as_json: Annotated[bool, typer.Option("--json", help="Print the services' answers as JSON.")] = False,
) -> None:
    if not token:
        Console(stderr=True).print("no admin token: pass --token or set JEMBATAN_ADMIN_TOKEN")
        raise typer.Exit(2)
    urls = {"ingest": ingest_url, "mapper": mapper_url, "poster": poster_url, "scheduler": scheduler_url}
    admin = Admin(
        token=token, urls={k: v.rstrip("/") for k, v in urls.items()}, transport=ctx.meta.get("transport")
    )
    width = int(os.environ.get("COLUMNS", "0")) or None
    ctx.obj = Context(
        admin, as_json, Console(width=width, soft_wrap=False), Console(stderr=True, width=width)
    )


def run() -> None:
    """The console script: typer's own errors (usage) exit 2; everything else is handled per command."""
    sys.exit(app(standalone_mode=True))
