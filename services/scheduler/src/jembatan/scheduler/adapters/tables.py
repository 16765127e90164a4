"""The scheduler's tables."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlmodel import Field, SQLModel


class Schedule(SQLModel, table=True):
    """A tenant outlet's posting hours; `outlet_id` "*" stands for the tenant as a whole."""

    __tablename__ = "schedule"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    hours: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    last_fired: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_hourly: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class LeaderLease(SQLModel, table=True):
    __tablename__ = "leader_lease"

    name: str = Field(primary_key=True, max_length=50)
    holder: str = Field(max_length=100)
    expires_at: datetime = Field(sa_column=utc_column())
