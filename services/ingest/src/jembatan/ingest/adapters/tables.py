"""Ingest's tables: tenants (secrets sealed at rest), the inbox of raw deliveries, and the pull."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class IngestTable(SQLModel, registry=registry()):
    """The ingest's own table registry, so no other service's table can collide with its names."""


class InboxStatus(StrEnum):
    ACCEPTED = "accepted"  # parsed; its canonical events are in the outbox
    PARKED = "parked"  # authentic but unparseable: kept raw with the reason, replayable


class Tenant(IngestTable, table=True):
    __tablename__ = "tenant"

    tenant_id: str = Field(primary_key=True, max_length=100)
    store_name: str = Field(max_length=200)
    api_key_sealed: str
    updated_at: datetime = Field(sa_column=utc_column())


class InboxEntry(IngestTable, table=True):
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


class IsellerConnection(IngestTable, table=True):
    """A tenant's iSeller API credentials; every secret sealed with the service key."""

    __tablename__ = "iseller_connection"

    tenant_id: str = Field(primary_key=True, max_length=100)
    oauth_url: str = Field(max_length=500)
    client_id: str = Field(max_length=200)
    client_secret_sealed: str
    refresh_token_sealed: str | None = None
    access_token_sealed: str | None = None
    access_expires_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    resource_url: str | None = Field(default=None, max_length=500)
    updated_at: datetime = Field(sa_column=utc_column())


class PullRun(IngestTable, table=True):
    """One backfill or reconcile pull and its progress."""

    __tablename__ = "pull_run"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100, index=True)
    mode: str = Field(max_length=20)  # backfill | reconcile | span
    window_from: datetime = Field(sa_column=utc_column())
    window_to: datetime = Field(sa_column=utc_column())
    outlet_id: str | None = Field(default=None, max_length=100)
    trigger_id: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=20, index=True)  # running | done | failed
    windows_total: int = 0
    windows_done: int = 0
    pages: int = 0
    orders_seen: int = 0
    orders_new: int = 0
    orders_parked: int = 0
    products: int = 0
    outlets: int = 0
    shifts: int = 0
    shifts_without_close: int = 0
    error: str | None = None
    started_at: datetime = Field(sa_column=utc_column())
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class PulledRecord(IngestTable, table=True):
    """The latest copy of a pulled product, outlet or register shift (iSeller has no webhook for them)."""

    __tablename__ = "pulled_record"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "kind", "source_id", name="uq_pulled_record"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100)
    kind: str = Field(max_length=30)  # product | outlet | register_shift
    source_id: str = Field(max_length=200)
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    pulled_at: datetime = Field(sa_column=utc_column())


class TenantConfiguration(IngestTable, table=True):
    """What ingest publishes on `tenant.config.v1` beyond its own tables: the version and the Accurate
    connection (its secrets sealed inside), plus OAuth tokens granted but not yet bound to a database."""

    __tablename__ = "tenant_configuration"

    tenant_id: str = Field(primary_key=True, max_length=100)
    version: int = 0
    accurate: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    oauth_pending_sealed: str | None = None  # sealed JSON: tokens between consent and the database choice
    updated_at: datetime = Field(sa_column=utc_column())
