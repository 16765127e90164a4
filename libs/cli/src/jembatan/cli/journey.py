""" "Where is my order?": one iSeller id's journey, joined from the three services' parts.

Ingest gives the deliveries naming the id and the ids of the pos events they became; the mapper
says, per event id, mapped (with the ledger facts' ids) or parked and why; the poster gives the
facts it holds and the documents they are in. The ids are the join (events derive their ids from
the delivery's dedupe key, facts from their event's id), so no service searches another's logs.
Used by `jembatan find` and the console's `/api/journey/...`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Call = Callable[..., Any]  # (service, method, path, params=...) -> decoded JSON
AsyncCall = Callable[..., Awaitable[Any]]


def parts_paths(tenant: str, iseller_id: str) -> tuple[str, str, str]:
    base = f"/admin/tenants/{tenant}/journey"
    return f"{base}/{iseller_id}", base, f"{base}/{iseller_id}"


def fetch(call: Call, tenant: str, iseller_id: str) -> dict[str, Any]:
    ingest_path, mapper_path, poster_path = parts_paths(tenant, iseller_id)
    deliveries = call("ingest", "GET", ingest_path)
    ids = [e for d in deliveries for e in d["event_ids"]]
    events = call("mapper", "GET", mapper_path, params={"event_id": ids}) if ids else []
    return assemble(iseller_id, deliveries, events, call("poster", "GET", poster_path))


async def fetch_async(call: AsyncCall, tenant: str, iseller_id: str) -> dict[str, Any]:
    ingest_path, mapper_path, poster_path = parts_paths(tenant, iseller_id)
    deliveries = await call("ingest", "GET", ingest_path)
    ids = [e for d in deliveries for e in d["event_ids"]]
    events = await call("mapper", "GET", mapper_path, params={"event_id": ids}) if ids else []
    return assemble(iseller_id, deliveries, events, await call("poster", "GET", poster_path))


def assemble(
    iseller_id: str, deliveries: list[dict[str, Any]], events: list[dict[str, Any]], poster: dict[str, Any]
) -> dict[str, Any]:
    """The journey: each delivery with what its events became, the held facts and the documents."""
    outcome = {e["event_id"]: e for e in events}
    journey_deliveries = [
        {**d, "events": [outcome.get(i, {"event_id": i, "outcome": "not seen"}) for i in d["event_ids"]]}
        for d in deliveries
    ]
    return {
        "iseller_id": iseller_id,
        "where": where(journey_deliveries, poster),
        "deliveries": journey_deliveries,
        "facts": poster["facts"],
        "documents": poster["documents"],
    }


def where(deliveries: list[dict[str, Any]], poster: dict[str, Any]) -> str:
    """The furthest stage reached, in one line."""
    docs = poster["documents"]
    if docs:
        states = sorted({d["state"] for d in docs})
        numbers = ", ".join(d["number"] for d in docs if d["state"] == "posted")
        return f"in {len(docs)} document(s), {'/'.join(states)}" + (f": {numbers}" if numbers else "")
    if poster["facts"]:
        return "held by the poster, waiting for its window"
    parked = [e for d in deliveries for e in d["events"] if e["outcome"] == "parked"]
    if parked:
        return f"parked by the mapper: {parked[0]['reason']}"
    unread = [d for d in deliveries if d["status"] == "parked"]
    if unread:
        return f"delivered but not readable: {unread[0]['reason']}"
    if deliveries:
        return "delivered; not mapped yet"
    return "never delivered"
