"""Repeated deliveries: the inbox keeps the first of each dedupe key; this counts the ones after it,
so "where is my order?" can say how often iSeller delivered the same thing."""

from __future__ import annotations

from datetime import datetime

from jembatan.platform.types import utc_column
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field

from .tables import IngestTable


class RepeatedDelivery(IngestTable, table=True):
    __tablename__ = "repeated_delivery"

    tenant_id: str = Field(primary_key=True, max_length=100)
    dedupe_key: str = Field(primary_key=True, max_length=300)
    repeats: int = 0  # deliveries after the first, each answered "duplicate"
    last_received_at: datetime = Field(sa_column=utc_column())


async def count_repeat(
    session: AsyncSession, postgres: bool, tenant_id: str, dedupe_key: str, at: datetime
) -> None:
    insert = pg_insert if postgres else sqlite_insert
    statement = insert(RepeatedDelivery).values(
        tenant_id=tenant_id, dedupe_key=dedupe_key, repeats=1, last_received_at=at
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["tenant_id", "dedupe_key"],
            set_={"repeats": RepeatedDelivery.__table__.c.repeats + 1, "last_received_at": at},  # type: ignore[attr-defined]
        )
    )
