"""The mapper's admin API (bearer token): tenants and outlet mappings."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key, SecretCredential
from pydantic import BaseModel

from ..adapters import repository
from ..adapters.accurate_gateway import NotConnected
from ..domain.mapping import OutletMapping, TenantSettings
from ..service_layer.mappings import MappingRefused, save_outlet, save_tenant
from ..service_layer.master_data import refresh
from .deps import MapperDep
from .refusals import UPSTREAM

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class TenantIn(BaseModel):
    settings: TenantSettings = TenantSettings()
    accurate_api_token: SecretCredential | None = None
    accurate_signature_secret: SecretCredential | None = None


class OutletSaved(BaseModel):
    checked_against_accurate: bool
    facts_made: int


@router.put("/tenants/{tenant_id}")
async def put_tenant(tenant_id: Key, body: TenantIn, mapper: MapperDep) -> TenantSettings:
    """Bind an iSeller store to an Accurate database (API token + signature secret).

    Settings left out of the body keep their saved value; the answer is the settings as saved."""
    token = body.accurate_api_token.get_secret_value() if body.accurate_api_token else None
    secret = body.accurate_signature_secret.get_secret_value() if body.accurate_signature_secret else None
    return await save_tenant(mapper, tenant_id, body.settings, token, secret)


@router.put("/tenants/{tenant_id}/outlets/{outlet_id}", responses=UPSTREAM)
async def put_outlet(
    tenant_id: Key, outlet_id: Key, mapping: OutletMapping, mapper: MapperDep, create_missing: bool = False
) -> OutletSaved:
    """Check the mapping against Accurate, save it, then re-drive what was parked waiting for it.

    `create_missing=true` creates a branch or warehouse the mapping names that Accurate lacks."""
    try:
        checked, made = await save_outlet(mapper, tenant_id, outlet_id, mapping, create_missing)
    except MappingRefused as refused:
        raise HTTPException(
            422, {"message": "the mapping was not saved", "problems": refused.problems}
        ) from None
    return OutletSaved(checked_against_accurate=checked, facts_made=made)


@router.get("/tenants/{tenant_id}/outlets/{outlet_id}")
async def get_outlet(tenant_id: Key, outlet_id: Key, mapper: MapperDep) -> OutletMapping:
    async with mapper.db.session() as session:
        mapping = await repository.outlet_mapping(session, tenant_id, outlet_id)
    if mapping is None:
        raise HTTPException(404, f"outlet {outlet_id} is not mapped")
    return mapping


@router.post("/tenants/{tenant_id}/accurate/refresh", responses=UPSTREAM)
async def refresh_master_data(tenant_id: Key, mapper: MapperDep) -> dict[str, int]:
    """Refresh the cache of Accurate's items, warehouses, branches, accounts and customers now."""
    try:
        return await refresh(mapper, tenant_id)
    except NotConnected as exc:
        raise HTTPException(409, str(exc)) from None
