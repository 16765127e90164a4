"""The poster's tables: Accurate connections (secrets sealed), the posting ledger, sending leases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class PosterTable(SQLModel, registry=registry()):
    """The poster's own table registry, so no other service's table can collide with its names."""


class AccurateConnection(PosterTable, table=True):
    __tablename__ = "accurate_connection"

    tenant_id: str = Field(primary_key=True, max_length=100)
    account_url: str = Field(max_length=300)
    token_sealed: str
    signature_secret_sealed: str
    # An OAuth connection as published on tenant.config.v1 (tokens sealed; the two columns above are
    # then empty), and the configuration version projected (None: given directly by the admin API).
    oauth: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    config_version: int | None = None
    updated_at: datetime = Field(sa_column=utc_column())


def connection_lock(tenant_id: str) -> str:
    """What the connection's writers (the admin PUT, the tenant.config.v1 projection) take turns on."""
    return f"poster.accurate_connection:{tenant_id}"


class Posting(PosterTable, table=True):
    """One Accurate document and everything that happened to it."""

    __tablename__ = "posting"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "number", name="uq_posting_number"),)

    document_key: str = Field(primary_key=True, max_length=300)
    tenant_id: str = Field(max_length=100, index=True)
    document_type: str = Field(max_length=50)
    number: str = Field(max_length=50)
    body: str  # exact JSON (Decimals as number literals)
    state: str = Field(max_length=20, index=True)
    depends_on: str | None = Field(default=None, max_length=300)
    source_ids: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    accurate_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    message: str | None = None
    attempts: int = 0
    occurred_at: datetime = Field(sa_column=utc_column())
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())
    # The activity log and the engine (migration 0002):
    kind: str = Field(default="order sync", max_length=30)  # ActivityKind
    outlet_id: str | None = Field(default=None, max_length=100)
    window_id: str | None = Field(default=None, max_length=300)  # the window it is rebuilt from
    fact_ids: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class SendingLease(PosterTable, table=True):
    """Which replica sends a tenant's documents, until when; and how long the tenant must wait.

    A lease that is not renewed expires, so a crashed replica's tenants are taken over.
    """

    __tablename__ = "sending_lease"

    tenant_id: str = Field(primary_key=True, max_length=100)
    holder: str | None = Field(default=None, max_length=100)
    lease_until: datetime = Field(sa_column=utc_column())
    paused_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    pause_reason: str | None = None
