"""Saving tenants and outlet mappings: checked against Accurate, then parked events re-driven."""

from __future__ import annotations

from datetime import UTC, datetime

from jembatan.platform.db import take_turns

from ..adapters import accurate_gateway, master_cache
from ..adapters.tables import OutletMappingRow, TenantRow, tenant_lock
from ..domain.mapping import OutletMapping, TenantSettings
from ..domain.mapping_check import mapping_problems
from .context import Mapper
from .master_data import refresh
from .redrive import redrive_parked


class MappingRefused(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


async def save_tenant(
    mapper: Mapper,
    tenant_id: str,
    settings: TenantSettings,
    api_token: str | None,
    signature_secret: str | None,
) -> TenantSettings:
    """Create or update a tenant; the Accurate token and secret are sealed at rest.

    Only the settings the caller named change (`exclude_unset`): a PUT that sets the customer
    numbering does not blank the store name the tenant-configuration projection wrote. Returns the
    tenant's settings as saved."""
    async with mapper.db.session() as session:
        await take_turns(session, tenant_lock(tenant_id))
        row = await session.get(TenantRow, tenant_id) or TenantRow(
            tenant_id=tenant_id, settings={}, updated_at=datetime.now(UTC)
        )
        merged = {**(row.settings or {}), **settings.model_dump(mode="json", exclude_unset=True)}
        row.settings, row.updated_at = (
            TenantSettings.model_validate(merged).model_dump(mode="json"),
            datetime.now(UTC),
        )
        if api_token and signature_secret:
            row.accurate_token = mapper.secrets.seal(api_token)
            row.accurate_secret = mapper.secrets.seal(signature_secret)
        session.add(row)
        return TenantSettings.model_validate(row.settings)


async def check_against_accurate(
    mapper: Mapper, tenant_id: str, mapping: OutletMapping, create_missing: bool
) -> None:
    """Refuse `mapping` (MappingRefused) when Accurate lacks what it names; optionally create a
    missing branch or warehouse first."""
    await refresh(mapper, tenant_id, ("glaccount", "branch", "warehouse", "tax"))
    if create_missing:
        async with mapper.db.session() as session:
            master = await master_cache.master_data(session, tenant_id)
        wanted = {"branch": (mapping.snapshot.branch_name, master.branches),
                  "warehouse": (mapping.snapshot.warehouse_name, master.warehouses)}  # fmt: skip
        async with mapper.accurate(tenant_id) as client:
            for kind, (name, existing) in wanted.items():
                if name not in existing:
                    await accurate_gateway.create_place(client, kind, name)
        await refresh(mapper, tenant_id, ("branch", "warehouse"))
    async with mapper.db.session() as session:
        problems = mapping_problems(mapping, await master_cache.master_data(session, tenant_id))
    if problems:
        raise MappingRefused(problems)


async def save_outlet(
    mapper: Mapper, tenant_id: str, outlet_id: str, mapping: OutletMapping, create_missing: bool = False
) -> tuple[bool, int]:
    """Check (when the tenant is connected to Accurate), save, re-drive; returns (checked, facts made)."""
    checked = await mapper.connected(tenant_id)
    if checked:
        await check_against_accurate(mapper, tenant_id, mapping, create_missing)
    async with mapper.db.session() as session:
        row = await session.get(OutletMappingRow, (tenant_id, outlet_id)) or OutletMappingRow(
            tenant_id=tenant_id, outlet_id=outlet_id, mapping={}, updated_at=datetime.now(UTC)
        )
        row.mapping, row.updated_at = mapping.model_dump(mode="json"), datetime.now(UTC)
        session.add(row)
    return checked, await redrive_parked(mapper.db, tenant_id)
