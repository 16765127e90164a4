"""Read APIs for the console (bearer token): the tenants the mapper knows, one tenant's settings,
and a tenant's cached Accurate master data (accounts with their type, branches, warehouses, tax
codes) for the mapping form's pickers.

Read from the mapper's cache only: nothing here calls Accurate (the refresh route does)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlmodel import col, select

from ..adapters import master_cache, repository
from ..adapters.tables import MasterSync, TenantRow
from ..domain.mapping import TenantSettings
from ..domain.mapping_check import ACCOUNT_RULES, CASH_BANK
from .deps import MapperDep

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class TenantOut(BaseModel):
    tenant_id: str
    store_name: str
    accurate_connected: bool


class AccountOut(BaseModel):
    no: str
    name: str
    account_type: str
    leaf: bool


class TaxCodeOut(BaseModel):
    name: str
    tax_type: str
    rate: Decimal


class MasterDataOut(BaseModel):
    accounts: list[AccountOut]
    branches: list[str]
    warehouses: list[str]
    tax_codes: list[TaxCodeOut]
    fitting_types: dict[str, list[str]]
    refreshed: bool


@router.get("/tenants")
async def list_tenants(mapper: MapperDep) -> list[TenantOut]:
    """Every tenant the mapper holds settings for, by id."""
    async with mapper.db.session() as session:
        rows = (await session.exec(select(TenantRow).order_by(col(TenantRow.tenant_id)))).all()
    return [
        TenantOut(
            tenant_id=r.tenant_id,
            store_name=str(r.settings.get("store_name") or ""),
            accurate_connected=r.accurate_connected,
        )
        for r in rows
    ]


@router.get("/tenants/{tenant_id}/settings")
async def tenant_settings(tenant_id: Key, mapper: MapperDep) -> TenantSettings:
    """A tenant's settings as saved (defaults for a tenant never saved), so a form can change one
    setting without erasing the others."""
    async with mapper.db.session() as session:
        return await repository.tenant_settings(session, tenant_id)


@router.get("/tenants/{tenant_id}/master-data")
async def master_data(
    tenant_id: Key,
    mapper: MapperDep,
    account_type: Annotated[list[str] | None, Query(description="keep only accounts of these types")] = None,
    leaf_only: bool = True,
) -> MasterDataOut:
    """The cached Accurate accounts (optionally of some types; detail accounts only by default),
    branches, warehouses and tax codes, plus which account types fit each mapping role."""
    async with mapper.db.session() as session:
        master = await master_cache.master_data(session, tenant_id)
        refreshed = (
            await session.exec(select(MasterSync).where(MasterSync.tenant_id == tenant_id).limit(1))
        ).first() is not None
    wanted = set(account_type or ())
    accounts = [
        AccountOut(no=a.no, name=a.name, account_type=a.account_type, leaf=a.leaf)
        for a in sorted(master.accounts.values(), key=lambda a: a.no)
        if (not wanted or a.account_type in wanted) and (a.leaf or not leaf_only)
    ]
    fitting = {attr: sorted(types) for attr, (_, types) in ACCOUNT_RULES.items()}
    fitting["payment_accounts"] = sorted(CASH_BANK)
    return MasterDataOut(
        accounts=accounts,
        branches=sorted(master.branches),
        warehouses=sorted(master.warehouses),
        tax_codes=[
            TaxCodeOut(name=t.name, tax_type=t.tax_type, rate=t.rate)
            for t in sorted(master.taxes.values(), key=lambda t: t.name)
        ],
        fitting_types=fitting,
        refreshed=refreshed,
    )
