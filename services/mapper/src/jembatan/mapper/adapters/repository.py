"""Reading mappings and the catalogue; parking and un-parking events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from jembatan.contracts import Envelope
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.mapping import OutletMapping
from .tables import CatalogueItem, OutletMappingRow, ParkedEvent


async def outlet_mapping(session: AsyncSession, tenant_id: str, outlet_id: str) -> OutletMapping | None:
    row = await session.get(OutletMappingRow, (tenant_id, outlet_id))
    return OutletMapping.model_validate(row.mapping) if row else None


async def item_numbers(session: AsyncSession, tenant_id: str, skus: Iterable[str]) -> dict[str, str]:
    wanted = sorted({s for s in skus if s})
    if not wanted:
        return {}
    query = select(CatalogueItem).where(
        CatalogueItem.tenant_id == tenant_id, col(CatalogueItem.sku).in_(wanted)
    )
    return {row.sku: row.item_no for row in (await session.exec(query)).all()}


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
