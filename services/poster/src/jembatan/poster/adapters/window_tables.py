"""The poster's window tables: every fact it holds and the windows they belong to (which documents
a window became is `posting.window_id`). Registered on the poster's own table registry."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlmodel import Field

from .tables import PosterTable


class HeldFact(PosterTable, table=True):
    """A ledger fact as the poster received it last: documents are (re)built from it."""

    __tablename__ = "held_fact"
    __table_args__ = (sa.Index("ix_held_fact_window", "tenant_id", "window_id"),)

    tenant_id: str = Field(primary_key=True, max_length=100)
    fact_key: str = Field(primary_key=True, max_length=300)  # e.g. sale:<order_id>, shift:<shift_id>
    schema_name: str = Field(max_length=60)  # e.g. ledger.sale/1
    envelope_id: str = Field(max_length=200)
    payload: str  # the fact's JSON
    outlet_id: str | None = Field(default=None, max_length=100)
    register_id: str | None = Field(default=None, max_length=100)
    occurred_at: datetime = Field(sa_column=utc_column())
    window_id: str | None = Field(default=None, max_length=300)  # None: waiting for its shift
    late: bool = False  # arrived after its own window had been planned
    received_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class PostingWindow(PosterTable, table=True):
    """A set of facts posted together (see domain/windows.py)."""

    __tablename__ = "posting_window"
    __table_args__ = (sa.Index("ix_posting_window_state", "tenant_id", "state"),)

    tenant_id: str = Field(primary_key=True, max_length=100)
    window_id: str = Field(primary_key=True, max_length=300)
    outlet_id: str | None = Field(default=None, max_length=100)
    mode: str = Field(max_length=20)
    register_id: str | None = Field(default=None, max_length=100)
    opened_at: datetime = Field(sa_column=utc_column())
    closed_at: datetime = Field(sa_column=utc_column())
    state: str = Field(max_length=20)
    close_known: bool = False  # a shift window whose register shift close has arrived
    due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    discrepancy: str | None = None
    planned_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class OutletMode(PosterTable, table=True):
    """The sync modes an outlet's facts last carried: a change is the merchant switching modes."""

    __tablename__ = "outlet_mode"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    sales_mode: str | None = Field(default=None, max_length=20)
    stock_mode: str | None = Field(default=None, max_length=20)
    updated_at: datetime = Field(sa_column=utc_column())
