"""Map one POS event: a ledger fact into the outbox, or a parked event with its reason."""

from __future__ import annotations

import logging
from collections.abc import Callable

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import CustomerFact, Fact, RefundFact, SaleFact
from jembatan.contracts.pos import Event
from jembatan.platform.at_commit import after_commit
from jembatan.platform.consumer import Handler
from jembatan.platform.metrics import FACTS
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters import batch_writes, catalogue_store, repository
from ..adapters.lookup_cache import LookupCache
from ..domain.amounts import amount_problem
from ..domain.dispatch import enrich, read_event
from ..domain.lookups import Lookups
from ..domain.needs import needs_of
from ..domain.outcome import Parked

log = logging.getLogger(__name__)


async def lookups_for(
    session: AsyncSession, tenant_id: str, event: Event, cache: LookupCache | None = None
) -> Lookups:
    """Load what `event` needs from the mapper's tables (settings, outlets and SKUs from `cache`)."""
    needs = needs_of(event)
    if cache is None:
        outlets = await repository.outlet_mappings(session, tenant_id, needs.outlets)
        catalogue = await catalogue_store.catalogue_for(session, tenant_id, needs.skus)
        tenant = await repository.tenant_settings(session, tenant_id)
    else:
        outlets = await cache.outlets(session, tenant_id, needs.outlets)
        catalogue = await cache.catalogue(session, tenant_id, needs.skus)
        tenant = await cache.settings(session, tenant_id)
    return Lookups(
        outlets=outlets,
        catalogue=catalogue,
        tenant=tenant,
        customers=await batch_writes.customer_numbers(session, tenant_id, needs.customers),
    )


async def map_event(session: AsyncSession, envelope: Envelope, cache: LookupCache | None = None) -> bool:
    """Handle one `pos.events.v1` message inside the caller's transaction; True when a fact was made.

    The fact's id derives from the event's id, and a fact the mapper made before (its `made_fact`
    table, not the outbox, which may be pruned) is not made again, so a replay or a re-drive never
    makes a second fact. On PostgreSQL the transaction's facts and parked events are written together
    just before it commits (`adapters/batch_writes.py`): one statement each for a whole batch."""
    try:
        event = read_event(envelope.schema_, envelope.payload)
    except (KeyError, ValidationError) as exc:
        return await _park(session, envelope, f"{envelope.schema_} cannot be read: {exc}")
    problem = amount_problem(event)
    if problem:
        return await _park(session, envelope, problem)
    routed = enrich(envelope.schema_, event, await lookups_for(session, envelope.tenant_id, event, cache))
    if isinstance(routed, Parked):
        return await _park(session, envelope, routed.reason)
    route, outcome = routed
    if isinstance(outcome, Parked):
        return await _park(session, envelope, outcome.reason)
    await _remember_member(session, envelope.tenant_id, outcome)
    fact_id = stable_id(envelope.id, route.fact_schema)
    # not if made before; on PostgreSQL written at the commit
    await batch_writes.make_fact(
        session,
        envelope,
        fact_id=fact_id,
        fact_type=route.fact_type,
        fact_schema=route.fact_schema,
        fact=outcome,
    )
    FACTS.labels(envelope.tenant_id, envelope.outlet_id or "", envelope.type, "mapped").inc()
    return True


def pos_events_handler(
    cache: LookupCache, *, facts_queued: Callable[[], None], member_saved: Callable[[str], None]
) -> Handler:
    """The `pos.events.v1` consumer's handler: `map_event` with the kept lookups. Once the batch's
    transaction committed (never before, when its rows are not yet visible), `facts_queued()` once
    (wake the relay) and `member_saved(tenant)` once per tenant whose member was saved (a payment
    may have waited for that member's number)."""

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if await map_event(session, envelope, cache):
            after_commit(session, "mapper.facts_queued", facts_queued)
            if envelope.schema_ == "pos.customer_upserted/1":
                tenant_id = envelope.tenant_id
                after_commit(session, f"mapper.member_saved:{tenant_id}", lambda: member_saved(tenant_id))

    return handle


async def _park(session: AsyncSession, envelope: Envelope, reason: str) -> bool:
    await batch_writes.park(session, envelope, reason)
    FACTS.labels(envelope.tenant_id, envelope.outlet_id or "", envelope.type, "parked").inc()
    log.info("parked an event", extra={"schema": envelope.schema_, "reason": reason})
    return False


async def _remember_member(session: AsyncSession, tenant_id: str, fact: Fact) -> None:
    """Keep the number a member got, for later events that carry only iSeller's customer id."""
    if isinstance(fact, CustomerFact):
        await batch_writes.remember_member(session, tenant_id, fact.customer.customer_id, fact.customer_no)
    elif isinstance(fact, SaleFact) and fact.on_account and fact.order.customer:
        await batch_writes.remember_member(
            session, tenant_id, fact.order.customer.customer_id, fact.customer_no
        )
    elif (
        isinstance(fact, RefundFact)
        and fact.refund.customer
        and fact.customer_no != fact.outlet.walk_in_customer_no
    ):
        await batch_writes.remember_member(
            session, tenant_id, fact.refund.customer.customer_id, fact.customer_no
        )
