"""Connect: Accurate (API token, checked on the spot) and iSeller (webhook key and URLs, API client).

The Accurate token is entered once here and sent to the two services that need it today (the
poster posts with it, the mapper reads master data with it); the mapper's master-data refresh is
then the check, so Accurate's own refusal is shown in words beside the form.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from jembatan.contracts.iseller import WEBHOOK_KINDS

from ..admin_apis import Refusal
from ..config import ConsoleSettings
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..pages import FORM_AGAIN, render

router = APIRouter(prefix="/t/{tenant_id}/connect")
DEFAULT_ACCOUNT_URL = "https://account.accurate.id"


def webhook_urls(settings: ConsoleSettings, tenant_id: str) -> list[tuple[str, str]]:
    """(event kind, the URL to paste into iSeller) for every kind ingest accepts."""
    base = (settings.public_ingest_url or settings.ingest_url).rstrip("/")
    return [(kind, f"{base}/webhooks/iseller/{tenant_id}/{kind}") for kind in sorted(WEBHOOK_KINDS)]


async def _page(request: Request, apis: ApisDep, token: str, tenant_id: str, status: int = 200, **extra: Any) -> Response:
    try:
        pull = await apis.call("ingest", "GET", f"/admin/tenants/{tenant_id}/iseller-connection", token)
    except Refusal as refusal:
        if refusal.status != 404:
            raise
        pull = None
    settings: ConsoleSettings = request.app.state.settings
    extra.setdefault("account_url", DEFAULT_ACCOUNT_URL)
    return render(request, "connect.html", status, active="connect", tenant=tenant_id, pull=pull,
                  webhooks=webhook_urls(settings, tenant_id), **extra)  # fmt: skip


@router.get("")
async def connect_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, apis, token, tenant_id)


@router.post("/accurate", dependencies=[CsrfChecked])
async def connect_accurate(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    api_token: Annotated[str, Form()],
    signature_secret: Annotated[str, Form()],
    account_url: Annotated[str, Form()] = DEFAULT_ACCOUNT_URL,
) -> Response:
    """The mapper gets the token first and reads Accurate with it; only a token that worked reaches the poster."""
    base = f"/admin/tenants/{tenant_id}"
    try:
        settings = await apis.call("mapper", "GET", f"{base}/settings", token)  # keep the store name
        await apis.call("mapper", "PUT", base, token, json={
            "settings": settings | {"accurate_account_url": account_url},
            "accurate_api_token": api_token, "accurate_signature_secret": signature_secret})  # fmt: skip
        try:
            counts = await apis.call("mapper", "POST", f"{base}/accurate/refresh", token)
        except Refusal as refusal:
            if refusal.status < 500:
                raise
            return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_unread=True, account_url=account_url)
        await apis.call("poster", "PUT", f"{base}/accurate", token, json={
            "account_url": account_url, "api_token": api_token, "signature_secret": signature_secret})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal, account_url=account_url)
    return await _page(request, apis, token, tenant_id, accurate_counts=counts, account_url=account_url)


@router.post("/iseller-webhooks", dependencies=[CsrfChecked])
async def save_webhook_key(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    store_name: Annotated[str, Form()],
    webhook_key: Annotated[str, Form()],
) -> Response:
    try:
        await apis.call("ingest", "PUT", f"/admin/tenants/{tenant_id}", token,
                        json={"store_name": store_name, "api_key": webhook_key})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, webhook_refusal=refusal)
    return await _page(request, apis, token, tenant_id, webhook_saved=True)


@router.post("/iseller-api", dependencies=[CsrfChecked])
async def save_pull_client(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    client_id: Annotated[str, Form()],
    client_secret: Annotated[str, Form()],
    refresh_token: Annotated[str, Form()] = "",
) -> Response:
    body = {"client_id": client_id, "client_secret": client_secret, "refresh_token": refresh_token or None}
    try:
        await apis.call("ingest", "PUT", f"/admin/tenants/{tenant_id}/iseller-connection", token, json=body)
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, pull_refusal=refusal)
    return await _page(request, apis, token, tenant_id, pull_saved=True)
