"""The mapper's tables."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from jembatan.platform.types import Amount, utc_column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class MapperTable(SQLModel, registry=registry()):
    """The mapper's own table registry, so no other service's table can collide with its names."""


class TenantRow(MapperTable, table=True):
    """An iSeller store bound to an Accurate database; secrets are sealed with the service key."""

    __tablename__ = "tenant_binding"

    tenant_id: str = Field(primary_key=True, max_length=100)
    settings: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    accurate_token: str | None = None
    accurate_secret: str | None = None
    # An OAuth connection as published on tenant.config.v1 (tokens sealed), and the version projected.
    accurate_oauth: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    config_version: int | None = None
    updated_at: datetime = Field(sa_column=utc_column())

    @property
    def accurate_connected(self) -> bool:
        return bool(self.accurate_token or self.accurate_oauth)


def tenant_lock(tenant_id: str) -> str:
    """What the tenant's writers (the admin PUT, the tenant.config.v1 projection) take turns on."""
    return f"mapper.tenant_binding:{tenant_id}"


class OutletMappingRow(MapperTable, table=True):
    __tablename__ = "outlet_mapping"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    mapping: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    updated_at: datetime = Field(sa_column=utc_column())


class CatalogueItem(MapperTable, table=True):
    """SKU → Accurate item number, once the item exists in Accurate (imported, found, or set by hand)."""

    __tablename__ = "catalogue_item"

    tenant_id: str = Field(primary_key=True, max_length=100)
    sku: str = Field(primary_key=True, max_length=100)
    item_no: str = Field(max_length=30)
    name: str = ""
    source: str = "manual"  # manual | imported | found


class IsellerProduct(MapperTable, table=True):
    """A product of the tenant's iSeller catalogue (GetProducts), as last loaded."""

    __tablename__ = "iseller_product"

    tenant_id: str = Field(primary_key=True, max_length=100)
    product_id: str = Field(primary_key=True, max_length=100)
    sku: str | None = Field(default=None, max_length=200, index=True)
    name: str = ""
    kind: str = "standard"
    price: Decimal = Field(default=Decimal(0), sa_column=sa.Column(Amount(), nullable=False))
    product: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    loaded_at: datetime = Field(sa_column=utc_column())


class IsellerOutlet(MapperTable, table=True):
    """An outlet of the tenant's iSeller store (GetOutlets), as ingest last pulled it."""

    __tablename__ = "iseller_outlet"

    tenant_id: str = Field(primary_key=True, max_length=100)
    outlet_id: str = Field(primary_key=True, max_length=100)
    outlet_code: str | None = Field(default=None, max_length=100)
    outlet_name: str = ""
    loaded_at: datetime = Field(sa_column=utc_column())


class CustomerNumber(MapperTable, table=True):
    """The Accurate number a member got, so events naming only iSeller's id find it."""

    __tablename__ = "customer_number"

    tenant_id: str = Field(primary_key=True, max_length=100)
    customer_id: str = Field(primary_key=True, max_length=100)
    customer_no: str = Field(max_length=30)


class MasterRecord(MapperTable, table=True):
    """A cached Accurate master record (item, warehouse, branch, glaccount, customer) by its key."""

    __tablename__ = "accurate_master"

    tenant_id: str = Field(primary_key=True, max_length=100)
    kind: str = Field(primary_key=True, max_length=30)
    key: str = Field(primary_key=True, max_length=200)
    data: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))


class MasterSync(MapperTable, table=True):
    """How far the cache of one master kind is: Accurate's `lastUpdate` watermark."""

    __tablename__ = "accurate_master_sync"

    tenant_id: str = Field(primary_key=True, max_length=100)
    kind: str = Field(primary_key=True, max_length=30)
    last_update: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    refreshed_at: datetime = Field(sa_column=utc_column())


class ParkedEvent(MapperTable, table=True):
    __tablename__ = "parked_event"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=100, index=True)
    message_id: str = Field(max_length=200, unique=True)
    schema_name: str = Field(sa_column=sa.Column("schema", sa.String(100), nullable=False))
    envelope: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    reason: str
    parked_at: datetime = Field(sa_column=utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True, index=True))


class MadeFact(MapperTable, table=True):
    """A ledger fact the mapper made, by its stable id: a replayed or re-driven event finds its fact
    here and makes no second one (the outbox may be pruned; this table is the mapper's memory)."""

    __tablename__ = "made_fact"

    fact_id: str = Field(primary_key=True, max_length=200)
    tenant_id: str = Field(max_length=100)
    made_at: datetime = Field(sa_column=utc_column())
