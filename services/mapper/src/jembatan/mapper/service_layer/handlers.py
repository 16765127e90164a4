"""Map one POS event: a ledger fact into the outbox, or a parked event with its reason."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import SaleFact
from jembatan.contracts.pos import OrderCompleted
from jembatan.contracts.topics import LEDGER_FACTS
from jembatan.platform.db import Database
from jembatan.platform.metrics import FACTS
from jembatan.platform.outbox import add_to_outbox
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters import repository
from ..domain.enrich import Parked, enrich_sale

log = logging.getLogger(__name__)


async def map_event(session: AsyncSession, envelope: Envelope) -> bool:
    """Handle one `pos.events.v1` message inside the caller's transaction; True when a fact was made."""
    if envelope.schema_ != "pos.order_completed/1":
        outcome: SaleFact | Parked = Parked(f"{envelope.schema_} is not mapped by this version of the mapper")
    else:
        order = OrderCompleted.model_validate(envelope.payload)
        mapping = await repository.outlet_mapping(session, envelope.tenant_id, order.outlet_id)
        items = await repository.item_numbers(
            session, envelope.tenant_id, (ln.sku or "" for ln in order.lines)
        )
        outcome = enrich_sale(order, mapping, items)
    if isinstance(outcome, Parked):
        await repository.park(session, envelope, outcome.reason)
        FACTS.labels(envelope.type, "parked").inc()
        log.info("parked an event", extra={"schema": envelope.schema_, "reason": outcome.reason})
        return False
    fact = envelope.caused(
        id=stable_id(envelope.id, "ledger.sale/1"),
        type="ledger.sale",
        schema="ledger.sale/1",
        payload=outcome.model_dump(mode="json"),
    )
    add_to_outbox(session, LEDGER_FACTS, fact)
    FACTS.labels(envelope.type, "mapped").inc()
    return True


async def redrive_parked(db: Database, tenant_id: str) -> int:
    """Try every unresolved parked event of a tenant again; returns how many became facts.

    A parked event's fact id is derived from its message id, so re-driving twice (or a replay of the
    original message) never produces a second fact downstream."""
    async with db.session() as session:
        parked = await repository.unresolved(session, tenant_id)
    made = 0
    for row in parked:
        async with db.session() as session:
            fresh = await session.get(type(row), row.id)
            if fresh is None or fresh.resolved_at is not None:
                continue
            if await map_event(session, Envelope.from_bytes(fresh.envelope)):
                fresh.resolved_at = datetime.now(UTC)
                session.add(fresh)
                made += 1
    return made
