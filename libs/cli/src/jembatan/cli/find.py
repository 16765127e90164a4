"""`jembatan find`: where is an iSeller order (refund, shift, transfer, payout, customer)?"""

from __future__ import annotations

from typing import Annotated

import typer

from . import journey
from .handled import handled
from .output import Context


@handled
def find(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    iseller_id: Annotated[
        str, typer.Argument(help="An iSeller id: order, refund, shift, transfer, payout, customer.")
    ],
) -> None:
    """Its whole journey: delivered when and how often, parsed or parked (why), mapped or parked
    (why), and the Accurate documents it is in with their states and numbers."""
    c: Context = ctx.obj
    seen = journey.fetch(c.admin.call, tenant, iseller_id)
    if c.as_json:
        c.json(seen)
        return
    c.say(f"{iseller_id}: {seen['where']}")
    c.table("Deliveries (ingest)", ("key", "source", "first", "times", "read", "mapper", "why"),
            ((d["dedupe_key"], d["source"], d["first_received_at"], d["deliveries"], d["status"],
              ", ".join(e["outcome"] for e in d["events"]) or "-",
              d["reason"] or "; ".join(e["reason"] for e in d["events"] if e.get("reason")) or "")
             for d in seen["deliveries"]))  # fmt: skip
    c.table("Documents (poster)", ("number", "type", "state", "Accurate id", "message"),
            ((d["number"], d["document_type"], d["state"], d["accurate_id"], d["message"] or "")
             for d in seen["documents"]))  # fmt: skip
