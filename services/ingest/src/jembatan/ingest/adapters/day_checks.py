"""Kept checks of iSeller's day totals against the orders ingest holds, and the held orders of a day."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from jembatan.contracts.iseller import Order
from jembatan.platform.db import Database
from jembatan.platform.types import utc_column
from pydantic import ValidationError
from sqlmodel import Field, col, select

from ..domain.day_totals import day_bounds
from .tables import InboxEntry, InboxStatus, IngestTable

# An order can arrive a while before it closes (reserved, then completed): look back this far.
RECEIVED_BEFORE_CLOSING = timedelta(days=2)


class IsellerDayCheck(IngestTable, table=True):
    """One check of one Jakarta day: iSeller's summaries beside the held orders, every measure kept."""

    __tablename__ = "iseller_day_check"
    __table_args__ = (sa.Index("ix_iseller_day_check_day", "tenant_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100)
    day: date
    trigger: str = Field(max_length=40)  # admin | daily_reconciliation
    status: str = Field(max_length=20)  # done | failed
    difference_count: int = 0
    report: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    checked_at: datetime = Field(sa_column=utc_column())


async def held_orders(db: Database, tenant_id: str, day: date) -> list[Order]:
    """Every order delivery (webhook or pull) that could be one of the day's, oldest first."""
    start, _ = day_bounds(day)
    query = (
        select(InboxEntry.body)
        .where(InboxEntry.tenant_id == tenant_id, InboxEntry.kind == "order")
        .where(InboxEntry.status == InboxStatus.ACCEPTED.value)
        .where(col(InboxEntry.received_at) >= start - RECEIVED_BEFORE_CLOSING)
        .order_by(col(InboxEntry.received_at), col(InboxEntry.id))
    )
    async with db.session() as session:
        bodies = (await session.exec(query)).all()
    out = []
    for body in bodies:
        try:
            out.append(Order.model_validate(json.loads(body, parse_float=Decimal)))
        except (ValueError, ValidationError):
            continue  # accepted means readable; a body that is not is the parked list's business
    return out


async def keep(db: Database, check: IsellerDayCheck) -> IsellerDayCheck:
    async with db.session() as session:
        session.add(check)
        await session.flush()
        await session.refresh(check)
    return check


async def kept(db: Database, tenant_id: str, day: date | None, limit: int = 30) -> list[IsellerDayCheck]:
    query = select(IsellerDayCheck).where(IsellerDayCheck.tenant_id == tenant_id)
    if day is not None:
        query = query.where(IsellerDayCheck.day == day)
    query = query.order_by(col(IsellerDayCheck.checked_at).desc(), col(IsellerDayCheck.id).desc()).limit(
        limit
    )
    async with db.session() as session:
        return list((await session.exec(query)).all())
