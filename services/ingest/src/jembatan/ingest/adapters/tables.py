"""Ingest's tables: tenants (webhook secret sealed at rest) and the inbox of raw deliveries."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlmodel import Field, SQLModel


class InboxStatus(StrEnum):
    ACCEPTED = "accepted"  # parsed; its canonical events are in the outbox
    PARKED = "parked"  # authentic but unparseable: kept raw with the reason, replayable


class Tenant(SQLModel, table=True):
    __tablename__ = "tenant"

    tenant_id: str = Field(primary_key=True, max_length=100)
    store_name: str = Field(max_length=200)
    api_key_sealed: str
    updated_at: datetime = Field(sa_column=utc_column())


class InboxEntry(SQLModel, table=True):
    __tablename__ = "inbox"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "dedupe_key", name="uq_inbox_dedupe"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100)
    kind: str = Field(max_length=50)
    dedupe_key: str = Field(max_length=300)
    source: str = Field(max_length=20)  # webhook | pull
    received_at: datetime = Field(sa_column=utc_column(index=True))
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    status: str = Field(max_length=20, index=True)
    reason: str | None = None
    events: int = 0
