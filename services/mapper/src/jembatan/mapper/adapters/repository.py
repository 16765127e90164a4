"""Reading tenants and outlet mappings; parking and un-parking events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from jembatan.contracts import Envelope
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.mapping import OutletMapping, TenantSettings
from .tables import CustomerNumber, MadeFact, OutletMappingRow, ParkedEvent, TenantRow


async def tenant_settings(session: AsyncSession, tenant_id: str) -> TenantSettings:
    row = await session.get(TenantRow, tenant_id)
    return TenantSettings.model_validate(row.settings) if row else TenantSettings()


async def outlet_mapping(session: AsyncSession, tenant_id: str, outlet_id: str) -> OutletMapping | None:
    row = await session.get(OutletMappingRow, (tenant_id, outlet_id))
    return OutletMapping.model_validate(row.mapping) if row else None


async def outlet_mappings(
    session: AsyncSession, tenant_id: str, outlet_ids: Iterable[str]
) -> dict[str, OutletMapping]:
    found = {}
    for outlet_id in sorted(set(outlet_ids)):
        mapping = await outlet_mapping(session, tenant_id, outlet_id)
        if mapping is not None:
            found[outlet_id] = mapping
    return found


async def customer_numbers(session: AsyncSession, tenant_id: str, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(CustomerNumber).where(
        CustomerNumber.tenant_id == tenant_id, col(CustomerNumber.customer_id).in_(wanted)
    )
    return {row.customer_id: row.customer_no for row in (await session.exec(query)).all()}


async def remember_customer(
    session: AsyncSession, tenant_id: str, customer_id: str, customer_no: str
) -> None:
    await session.merge(CustomerNumber(tenant_id=tenant_id, customer_id=customer_id, customer_no=customer_no))


async def first_time_made(session: AsyncSession, tenant_id: str, fact_id: str) -> bool:
    """Record that the fact `fact_id` was made; False when it had been made before.

    One `INSERT ... ON CONFLICT DO NOTHING RETURNING` on the session's connection: no ORM object,
    and no flush of what the session holds (in a consumer's batch the rows of the events before
    this one are inserted together at commit, not one flush per event)."""
    connection = await session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    made = _MADE_FACT
    statement = (
        insert(made)
        .values(fact_id=fact_id, tenant_id=tenant_id, made_at=datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=[made.c.fact_id])
        .returning(made.c.fact_id)
    )
    return (await connection.execute(statement)).first() is not None


_MADE_FACT: Table = MadeFact.__table__  # type: ignore[attr-defined]


async def park(session: AsyncSession, envelope: Envelope, reason: str) -> None:
    existing = (await session.exec(select(ParkedEvent).where(ParkedEvent.message_id == envelope.id))).first()
    if existing is not None:
        existing.reason, existing.resolved_at = reason, None
        session.add(existing)
        return
    session.add(
        ParkedEvent(
            tenant_id=envelope.tenant_id,
            message_id=envelope.id,
            schema_name=envelope.schema_,
            envelope=envelope.to_bytes(),
            reason=reason,
            parked_at=datetime.now(UTC),
        )
    )


async def unresolved(session: AsyncSession, tenant_id: str) -> list[ParkedEvent]:
    query = select(ParkedEvent).where(
        ParkedEvent.tenant_id == tenant_id, col(ParkedEvent.resolved_at).is_(None)
    )
    return list((await session.exec(query.order_by(col(ParkedEvent.id)))).all())


async def tenants_with_parked(session: AsyncSession) -> list[str]:
    query = select(ParkedEvent.tenant_id).where(col(ParkedEvent.resolved_at).is_(None)).distinct()
    return list((await session.exec(query)).all())
