"""The scheduler's tables."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class SchedulerTable(SQLModel, registry=registry()):
    """The scheduler's own table registry, so no other service's table can collide with its names."""


class Timetable(SchedulerTable, table=True):
    """One schedule of a tenant's outlet (`outlet_id` "*" is the tenant as a whole): its Jakarta
    hours and the newest slot already fired."""

    __tablename__ = "timetable"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    kind: str = Field(primary_key=True, max_length=40)
    hours: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    last_fired: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class LeaderLease(SchedulerTable, table=True):
    __tablename__ = "leader_lease"

    name: str = Field(primary_key=True, max_length=50)
    holder: str = Field(max_length=100)
    expires_at: datetime = Field(sa_column=utc_column())
