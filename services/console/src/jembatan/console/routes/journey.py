"""`GET /api/journey/{tenant}/{iseller_id}`: "where is my order?" as JSON, joined from ingest, the
mapper and the poster with the operator's own token (see jembatan.cli.journey)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from jembatan.cli import journey as journeys

from ..deps import ApisDep, TenantDep, TokenDep

router = APIRouter(prefix="/api/journey/{tenant_id}")


@router.get("/{iseller_id}")
async def journey(tenant_id: TenantDep, iseller_id: str, token: TokenDep, apis: ApisDep) -> dict[str, Any]:
    async def call(service: str, method: str, path: str, **kwargs: Any) -> Any:
        return await apis.call(service, method, path, token, **kwargs)

    return await journeys.fetch_async(call, tenant_id, iseller_id)
