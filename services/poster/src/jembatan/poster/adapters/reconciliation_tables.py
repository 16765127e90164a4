"""Kept reconciliation results: one row per run (a day of one tenant), its differences as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlmodel import Field

from .tables import PosterTable


class ReconciliationRun(PosterTable, table=True):
    __tablename__ = "reconciliation_run"
    __table_args__ = (sa.Index("ix_reconciliation_run_day", "tenant_id", "day"),)

    run_id: str = Field(primary_key=True, max_length=60)
    tenant_id: str = Field(max_length=100)
    day: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    ran_at: datetime = Field(sa_column=utc_column())
    trigger: str = Field(max_length=30)  # "admin", "daily_reconciliation"
    status: str = Field(max_length=20)  # "done", "not_connected"
    difference_count: int = 0
    report: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
