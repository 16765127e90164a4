"""Facts made and events parked, written once per transaction rather than once per event.

The mapper's consumer maps up to 200 events in one transaction. Recording each fact (`made_fact`
`INSERT … RETURNING`, then its outbox row) and parking each event (a `SELECT` for an earlier parked
row, then the row) cost one or more PostgreSQL round trips per event, in sequence: that, not the
mapping, bounded the mapper in the stack (docs/performance.md, rounds three and four).

On PostgreSQL an event now only adds its fact or its parked row to the transaction's `_Pending`; just
before the transaction commits (`jembatan.platform.at_commit`) they are written in two statements
whatever the batch's size:

- the facts: `made_fact` rows `INSERT … ON CONFLICT DO NOTHING RETURNING fact_id`, and in the same
  statement an outbox row for exactly the facts that were new, in the order the events were mapped.
  A fact made before (a replay, a re-drive; `made_fact` is kept when the outbox is pruned) returns
  nothing and so queues nothing; the same fact twice in one transaction is kept once (the first);
- the parked events: one `INSERT … ON CONFLICT (message_id) DO UPDATE` — an event parked before
  gets its new reason and is unresolved again, as when it was looked up first;
- the members' numbers (a member saved, an on-account sale, a member's refund): one
  `INSERT … ON CONFLICT (tenant_id, customer_id) DO UPDATE` — the last number the transaction gave
  a member wins, as with one `session.merge` per event before (a `SELECT`, then the row at the next
  flush). An event later in the same transaction that looks a member's number up
  (`customer_numbers`) finds the number still pending.

Both run inside the transaction: a batch that fails keeps none of them, and its replay makes each fact
once. SQLite (development, the demo) writes each at once, as before (`repository.first_time_made`
and `repository.park`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jembatan.contracts import Envelope
from jembatan.contracts.topics import LEDGER_FACTS
from jembatan.platform.at_commit import before_commit
from jembatan.platform.outbox import add_to_outbox
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from . import repository

_PENDING = "jembatan.mapper.pending_writes"

# asyncpg's own placeholders, sent as they are (exec_driver_sql: no compile, no per-element binds).
# made_fact rows go in fact-id order (two transactions with overlapping facts take their locks in the
# same order); outbox rows in the order the events were mapped.
_MAKE_FACTS = """
    WITH made AS (
        INSERT INTO made_fact (fact_id, tenant_id, made_at)
        SELECT fact_id, tenant_id, $1::timestamptz FROM unnest($2::text[], $3::text[]) AS fact(fact_id, tenant_id)
        ORDER BY fact_id
        ON CONFLICT (fact_id) DO NOTHING
        RETURNING fact_id
    )
    INSERT INTO outbox (topic, key, message_id, body, created_at)
    SELECT $4::text, fact.tenant_id, fact.fact_id, fact.body, $1::timestamptz
    FROM unnest($2::text[], $3::text[], $5::bytea[]) WITH ORDINALITY AS fact(fact_id, tenant_id, body, n)
    JOIN made ON made.fact_id = fact.fact_id
    ORDER BY fact.n
"""
_REMEMBER_MEMBERS = """
    INSERT INTO customer_number (tenant_id, customer_id, customer_no)
    SELECT tenant_id, customer_id, customer_no FROM unnest($1::text[], $2::text[], $3::text[])
        AS member(tenant_id, customer_id, customer_no)
    ORDER BY tenant_id, customer_id
    ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_no = EXCLUDED.customer_no
"""
_PARK = """
    INSERT INTO parked_event (tenant_id, message_id, "schema", envelope, reason, parked_at)
    SELECT tenant_id, message_id, schema_name, envelope, reason, $1::timestamptz
    FROM unnest($2::text[], $3::text[], $4::text[], $5::bytea[], $6::text[]) WITH ORDINALITY
        AS parked(tenant_id, message_id, schema_name, envelope, reason, n)
    ORDER BY n
    ON CONFLICT (message_id) DO UPDATE SET reason = EXCLUDED.reason, resolved_at = NULL
"""


@dataclass
class _Pending:
    facts: dict[str, tuple[str, bytes]] = field(
        default_factory=dict
    )  # by fact id, in the order made: tenant, body
    parked: dict[str, tuple[Envelope, str]] = field(default_factory=dict)  # by message id: event, reason
    members: dict[tuple[str, str], str] = field(default_factory=dict)  # (tenant, iSeller id) → number


async def make_fact(
    session: AsyncSession,
    source: Envelope,
    *,
    fact_id: str,
    fact_type: str,
    fact_schema: str,
    fact: BaseModel,
) -> None:
    """Queue `fact`, caused by `source`, on `ledger.facts.v1` unless the mapper made it before
    (`made_fact`). On PostgreSQL its envelope is written to bytes once, here (`fact_bytes`)."""
    pending = await _pending(session)
    if pending is None:
        if await repository.first_time_made(session, source.tenant_id, fact_id):
            payload = fact.model_dump(mode="json")
            add_to_outbox(
                session,
                LEDGER_FACTS,
                source.caused(id=fact_id, type=fact_type, schema=fact_schema, payload=payload),
            )
        return
    if fact_id not in pending.facts:
        pending.facts[fact_id] = (
            source.tenant_id,
            fact_bytes(source, id=fact_id, type=fact_type, schema=fact_schema, fact=fact),
        )


def fact_bytes(source: Envelope, *, id: str, type: str, schema: str, fact: BaseModel) -> bytes:
    """What `source.caused(…, payload=fact.model_dump(mode="json")).to_bytes()` gives, the fact
    serialised once (`Envelope.to_bytes_with`)."""
    return source.caused(id=id, type=type, schema=schema, payload={}).to_bytes_with(fact)


async def park(session: AsyncSession, envelope: Envelope, reason: str) -> None:
    """Park `envelope` with `reason`; an event parked before is unresolved again with the new reason."""
    pending = await _pending(session)
    if pending is None:
        await repository.park(session, envelope, reason)
        return
    first = pending.parked.get(envelope.id)
    pending.parked[envelope.id] = (first[0] if first else envelope, reason)


async def remember_member(session: AsyncSession, tenant_id: str, customer_id: str, customer_no: str) -> None:
    """Keep the Accurate number a member got (the last one given in the transaction wins)."""
    pending = await _pending(session)
    if pending is None:
        await repository.remember_customer(session, tenant_id, customer_id, customer_no)
        return
    pending.members[(tenant_id, customer_id)] = customer_no


async def customer_numbers(session: AsyncSession, tenant_id: str, ids: Iterable[str]) -> dict[str, str]:
    """The numbers of these members: the ones this transaction gave, else the ones stored."""
    wanted = set(ids)
    if not wanted:
        return {}
    pending = await _pending(session)
    given = {} if pending is None else {c: no for c in wanted if (no := pending.members.get((tenant_id, c)))}
    stored = await repository.customer_numbers(session, tenant_id, wanted - given.keys())
    return stored | given


async def _pending(session: AsyncSession) -> _Pending | None:
    """This transaction's pending writes (registered to be written before it commits); None on SQLite."""
    pending: _Pending | None = session.info.get(_PENDING)
    if pending is not None:
        return pending
    if (await session.connection()).dialect.name != "postgresql":
        return None
    pending = session.info[_PENDING] = _Pending()
    before_commit(session, _PENDING, _write)
    return pending


async def _write(session: AsyncSession) -> None:
    pending: _Pending = session.info.pop(_PENDING)
    connection = await session.connection()
    now = datetime.now(UTC)
    if pending.facts:
        facts = pending.facts
        await _execute(
            connection, _MAKE_FACTS, now, list(facts), [tenant for tenant, _ in facts.values()], LEDGER_FACTS,
            [body for _, body in facts.values()],
        )  # fmt: skip
    if pending.members:
        members = sorted(pending.members.items())
        await _execute(
            connection, _REMEMBER_MEMBERS, [t for (t, _), _ in members], [c for (_, c), _ in members],
            [no for _, no in members],
        )  # fmt: skip
    if pending.parked:
        parked = list(pending.parked.values())
        await _execute(
            connection, _PARK, now, [e.tenant_id for e, _ in parked], [e.id for e, _ in parked],
            [e.schema_ for e, _ in parked], [e.to_bytes() for e, _ in parked], [reason for _, reason in parked],
        )  # fmt: skip


async def _execute(connection: Any, statement: str, *parameters: object) -> None:
    await connection.exec_driver_sql(statement, parameters)
