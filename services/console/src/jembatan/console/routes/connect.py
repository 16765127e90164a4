"""Connect: Accurate (OAuth consent and the database choice, or an API token) and iSeller (webhook key
and URLs, API client), all saved through ingest's one place (`PUT /admin/tenants/{id}/configuration`).

Ingest checks every credential with its own service before saving, so Accurate's or iSeller's refusal
is shown in words beside the form; the configuration then reaches the mapper and the poster on
`tenant.config.v1`, and once the mapper holds it, its master-data read shows what Accurate answered.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from jembatan.contracts.iseller import WEBHOOK_KINDS

from ..admin_apis import AdminApis, Refusal
from ..config import ConsoleSettings
from ..deps import ApisDep, CsrfChecked, SessionDep, TenantDep, TokenDep, valid_tenant_id
from ..pages import FORM_AGAIN, render

router = APIRouter(prefix="/t/{tenant_id}/connect")
oauth_router = APIRouter(prefix="/oauth/accurate")
DEFAULT_ACCOUNT_URL = "https://account.accurate.id"
MAPPER_WAIT_SECONDS = 15.0


def webhook_urls(settings: ConsoleSettings, tenant_id: str) -> list[tuple[str, str]]:
    """(event kind, the URL to paste into iSeller) for every kind ingest accepts."""
    base = (settings.public_ingest_url or settings.ingest_url).rstrip("/")
    return [(kind, f"{base}/webhooks/iseller/{tenant_id}/{kind}") for kind in sorted(WEBHOOK_KINDS)]


def redirect_uri(request: Request) -> str:
    """The OAuth callback registered with the Accurate app: the console's public URL + /oauth/accurate/callback."""
    settings: ConsoleSettings = request.app.state.settings
    base = (settings.public_console_url or str(request.base_url)).rstrip("/")
    return f"{base}/oauth/accurate/callback"


async def _optional(apis: AdminApis, path: str, token: str) -> Any:
    try:
        return await apis.call("ingest", "GET", path, token)
    except Refusal as refusal:
        if refusal.status != 404:
            raise
        return None


async def _page(
    request: Request, apis: ApisDep, token: str, tenant_id: str, status: int = 200, **extra: Any
) -> Response:
    base = f"/admin/tenants/{tenant_id}"
    pull = await _optional(apis, f"{base}/iseller-connection", token)
    configuration = await _optional(apis, f"{base}/configuration", token)
    settings: ConsoleSettings = request.app.state.settings
    extra.setdefault("account_url", DEFAULT_ACCOUNT_URL)
    return render(request, "connect.html", status, active="connect", tenant=tenant_id, pull=pull,
                  configuration=configuration, webhooks=webhook_urls(settings, tenant_id), **extra)  # fmt: skip


async def _configure(apis: AdminApis, token: str, tenant_id: str, body: dict[str, Any]) -> dict[str, Any]:
    saved: dict[str, Any] = await apis.call(
        "ingest", "PUT", f"/admin/tenants/{tenant_id}/configuration", token, json=body
    )
    return saved


async def _read_accurate(
    request: Request, apis: ApisDep, token: str, tenant_id: str, version: int
) -> Response:
    """Wait until the mapper holds `version`, then read Accurate's master data with it."""
    base = f"/admin/tenants/{tenant_id}"
    deadline = time.monotonic() + MAPPER_WAIT_SECONDS
    while ((await apis.call("mapper", "GET", f"{base}/configuration", token)).get("version") or 0) < version:
        if time.monotonic() > deadline:
            return await _page(request, apis, token, tenant_id, accurate_saved=True)
        await asyncio.sleep(0.2)
    try:
        counts = await apis.call("mapper", "POST", f"{base}/accurate/refresh", token)
    except Refusal as refusal:
        if refusal.status < 500:
            raise
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_unread=True)
    return await _page(request, apis, token, tenant_id, accurate_counts=counts)


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
    """The API-token alternative: ingest checks it with Accurate before anything is saved."""
    body = {
        "accurate": {"account_url": account_url, "api_token": api_token, "signature_secret": signature_secret}
    }
    try:
        saved = await _configure(apis, token, tenant_id, body)
        return await _read_accurate(request, apis, token, tenant_id, saved["version"])
    except Refusal as refusal:
        return await _page(
            request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal, account_url=account_url
        )


@router.get("/accurate/oauth")
async def start_oauth(
    request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep, session: SessionDep
) -> Response:
    """ "Connect with Accurate": the browser goes to Accurate's consent page; `state` names the tenant."""
    state = f"{tenant_id}.{secrets.token_urlsafe(16)}"
    try:
        answer = await apis.call("ingest", "POST", f"/admin/tenants/{tenant_id}/accurate-oauth/authorize-url", token,
                                 json={"redirect_uri": redirect_uri(request), "state": state})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal)
    session.oauth_state = state
    return RedirectResponse(answer["url"], status_code=303)


@router.post("/accurate/database", dependencies=[CsrfChecked])
async def choose_database(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    database_id: Annotated[str, Form()],
) -> Response:
    """The merchant picked a database: ingest opens it with the granted tokens, then saves and publishes."""
    base = f"/admin/tenants/{tenant_id}"
    try:
        saved = await apis.call("ingest", "POST", f"{base}/accurate-oauth/database", token,
                                json={"database_id": database_id})  # fmt: skip
        return await _read_accurate(request, apis, token, tenant_id, saved["version"])
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal)


@oauth_router.get("/callback")
async def oauth_callback(request: Request) -> Response:
    """Accurate sends the browser back here from its own site, so the session cookie (SameSite=Strict)
    is not sent: this page leaves the session alone and moves on, within the console, to `/return`."""
    request.state.leave_session_alone = True
    target = f"/oauth/accurate/return?{request.url.query}"
    return render(request, "oauth_continue.html", target=target)


@oauth_router.get("/return")
async def oauth_return(
    request: Request,
    session: SessionDep,
    token: TokenDep,
    apis: ApisDep,
    state: str = "",
    code: str = "",
    error: str = "",
) -> Response:
    """Check `state`, hand the code to ingest, and show the databases the merchant may choose from."""
    expected, session.oauth_state = session.oauth_state, None
    tenant_id = state.split(".", 1)[0]
    if not expected or not secrets.compare_digest(state, expected) or not valid_tenant_id(tenant_id):
        return render(request, "error.html", 400, message_key="connect.oauth_state")
    session.remember_tenant(tenant_id)
    if error or not code:
        refusal = Refusal("accurate", 400, f"Accurate did not grant access ({error or 'no code'})")
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal)
    try:
        databases = await apis.call("ingest", "POST", f"/admin/tenants/{tenant_id}/accurate-oauth/code", token,
                                    json={"code": code, "redirect_uri": redirect_uri(request)})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, accurate_refusal=refusal)
    return await _page(request, apis, token, tenant_id, databases=databases)


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
        await _configure(apis, token, tenant_id, {"store_name": store_name, "webhook_key": webhook_key})
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
    """ingest asks iSeller for a token with the client before saving it."""
    pull = {"client_id": client_id, "client_secret": client_secret, "refresh_token": refresh_token or None}
    try:
        await _configure(apis, token, tenant_id, {"iseller_pull": pull})
    except Refusal as refusal:
        return await _page(request, apis, token, tenant_id, FORM_AGAIN, pull_refusal=refusal)
    return await _page(request, apis, token, tenant_id, pull_saved=True)
