"""The mapper's tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from jembatan.platform.types import utc_column
from sqlmodel import Field, SQLModel


class OutletMappingRow(SQLModel, table=True):
    __tablename__ = "outlet_mapping"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    mapping: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    updated_at: datetime = Field(sa_column=utc_column())


class CatalogueItem(SQLModel, table=True):
    __tablename__ = "catalogue_item"

    tenant_id: str = Field(primary_key=True, max_length=100)
    sku: str = Field(primary_key=True, max_length=100)
    item_no: str = Field(max_length=30)
    name: str = ""


class ParkedEvent(SQLModel, table=True):
    __tablename__ = "parked_event"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100, index=True)
    message_id: str = Field(max_length=200, unique=True)
    schema_name: str = Field(sa_column=sa.Column("schema", sa.String(100), nullable=False))
    envelope: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    reason: str
    parked_at: datetime = Field(sa_column=utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True, index=True))
