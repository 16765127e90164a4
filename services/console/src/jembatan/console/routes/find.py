""" "Where is my order?": one search box for any iSeller id, its journey drawn as a timeline.

The same join as `GET /api/journey/...` and `jembatan find` (jembatan.cli.journey), with the
operator's own token; a refused id is said in the service's words next to the box."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from jembatan.cli import journey as journeys

from ..admin_apis import Refusal
from ..deps import ApisDep, TenantDep, TokenDep
from ..journey_view import clean_id, stage, wib_day
from ..pages import FORM_AGAIN, render
from .parked import fixing_page

router = APIRouter(prefix="/t/{tenant_id}/find")


@router.get("")
async def find_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    asked = request.query_params.get("id")
    wanted = clean_id(asked)
    context: dict[str, Any] = {"active": "find", "tenant": tenant_id, "asked": asked or "", "wanted": wanted,
                               "fixing_page": fixing_page, "wib_day": wib_day}  # fmt: skip
    if asked is None or not wanted:
        return render(request, "find.html", bad_id=asked is not None, **context)

    async def call(service: str, method: str, path: str, **kwargs: Any) -> Any:
        return await apis.call(service, method, path, token, **kwargs)

    try:
        journey = await journeys.fetch_async(call, tenant_id, wanted)
    except Refusal as refusal:
        return render(request, "find.html", FORM_AGAIN, refusal=refusal, **context)
    return render(request, "find.html", journey=journey, stage=stage(journey), **context)
