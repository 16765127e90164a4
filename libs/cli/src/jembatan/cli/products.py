"""`jembatan products`: load the iSeller catalogue, validate it, import what Accurate lacks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .files import read_json
from .handled import REFUSED, BadInput, handled
from .output import Context

app = typer.Typer(name="products", help="Product validation and import to Accurate.", no_args_is_help=True)
PROBLEMS = ("no_sku", "duplicate_sku", "invalid_sku", "blocked")


@app.command("load")
@handled
def load(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    products_file: Annotated[Path, typer.Argument(help="iSeller GetProducts objects, as a JSON list.")],
) -> None:
    """Replace the mapper's copy of the tenant's iSeller catalogue."""
    c: Context = ctx.obj
    products = read_json(products_file)
    if not isinstance(products, list):
        raise BadInput(f"{products_file} must hold a JSON list of products")
    loaded = c.admin.call("mapper", "PUT", f"/admin/tenants/{tenant}/products", json=products)
    if c.as_json:
        c.json(loaded)
    else:
        c.facts(f"Catalogue of {tenant} loaded", {"products": loaded["products"],
                                                   "parked events now posted": loaded["facts_made"]})  # fmt: skip


@app.command("validate")
@handled
def validate(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """Counts per verdict, then the products that need attention and the shared SKUs."""
    c: Context = ctx.obj
    report = c.admin.call("mapper", "GET", f"/admin/tenants/{tenant}/products/validation")
    if c.as_json:
        c.json(report)
        return
    c.table(f"Product validation of {tenant}", ("verdict", "products"),
            ((k.replace("_", " "), v) for k, v in report["counts"].items()))  # fmt: skip
    problems = [p for p in report["products"] if p["verdict"] in PROBLEMS]
    if problems:
        c.table("Products that need attention", ("verdict", "SKU", "name", "reason"),
                ((p["verdict"].replace("_", " "), p["sku"], p["name"], p["reason"]) for p in problems))  # fmt: skip
    if report["duplicate_skus"]:
        c.table("SKUs shared by several products", ("SKU", "product ids"),
                ((sku, ", ".join(ids)) for sku, ids in report["duplicate_skus"].items()))  # fmt: skip


@app.command("import")
@handled
def import_products(ctx: typer.Context, tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """Create in Accurate the items it lacks, with a progress bar; exits 1 if the import failed."""
    c: Context = ctx.obj
    report: dict[str, Any] | None = None
    error: str | None = None
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=c.err, disable=c.as_json, transient=False) as bar:
        task = bar.add_task("import", total=None)
        for line in c.admin.stream_lines("mapper", f"/admin/tenants/{tenant}/products/import"):
            if "done" in line:
                bar.update(task, completed=line["done"], total=line["total"])
            elif "report" in line:
                report = line["report"]
            elif "error" in line:
                error = str(line["error"])
    if error is not None or report is None:
        c.err.print(f"the import failed: {error or 'the mapper ended without a report'}", highlight=False)
        raise typer.Exit(REFUSED)
    if c.as_json:
        c.json(report)
        return
    c.facts(f"Import of {tenant}", {"created": len(report["created"]), "skipped": len(report["skipped"]),
            "refused by Accurate": len(report["refused"]), "parked events now posted": report["facts_made"]})  # fmt: skip
    if report["refused"]:
        c.table("Refused by Accurate", ("SKU", "Accurate's message"), report["refused"].items())
