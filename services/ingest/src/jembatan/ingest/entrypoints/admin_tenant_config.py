"""The one place a tenant is configured (bearer token): entered, checked when saved, published.

`PUT /admin/tenants/{id}/configuration` takes any part (store name and webhook key, the iSeller pull
client, an Accurate API token); each credential is checked with the service it belongs to before
anything is saved, and a refusal is answered 422 in that service's own words. Accurate through OAuth
takes three calls: the authorize URL, the code the merchant's browser brought back (answered with
the databases they may open), and the database they chose (opened before it is saved).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from jembatan.contracts.tenant import AccurateApiToken, AccurateOAuth, TenantConfigured
from jembatan.platform.errors import ErrorReply
from jembatan.platform.http import AdminOnly
from pydantic import BaseModel

from ..adapters import accurate_account as accurate
from ..adapters.credentials import Credentials
from ..adapters.iseller_api import IsellerApi, IsellerApiError
from ..service_layer.configuring import Change, NotCreated, configure, current, keep_pending, pending
from .deps import Runtime, runtime_of
from .params import Id, Name, Secret, Url

router = APIRouter(prefix="/admin", tags=["tenant configuration"], dependencies=[AdminOnly])

# Routes that check a credential with Accurate answer 502 when Accurate cannot be reached or fails on
# its side (a refusal of the credential itself is a 422): documented, so a client knows to try again.
ACCURATE_FAILED: dict[int | str, dict[str, Any]] = {
    502: {"model": ErrorReply, "description": "Accurate could not be reached, or failed on its side: try again later"}
}
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


class PullIn(BaseModel):
    client_id: Name
    client_secret: Secret
    refresh_token: Secret | None = None
    oauth_url: Url | None = None  # JEMBATAN_ISELLER_OAUTH_URL by default


class AccurateTokenIn(BaseModel):
    account_url: Url | None = None  # JEMBATAN_ACCURATE_ACCOUNT_URL by default
    api_token: Secret
    signature_secret: Secret


class ConfigurationIn(BaseModel):
    store_name: Name | None = None
    webhook_key: Secret | None = None
    iseller_pull: PullIn | None = None
    accurate: AccurateTokenIn | None = None


class AccurateOut(BaseModel):
    method: str
    account_url: str
    database_id: str | None
    database_alias: str | None
    access_expires_at: datetime | None = None


class ConfigurationOut(BaseModel):
    """What an operator may see: never a secret."""

    tenant_id: str
    version: int
    store_name: str
    has_webhook_key: bool
    iseller_client_id: str | None
    accurate: AccurateOut | None


class AuthorizeIn(BaseModel):
    redirect_uri: Url
    state: Secret | None = None


class CodeIn(BaseModel):
    code: Secret
    redirect_uri: Url


class DatabaseOut(BaseModel):
    id: str
    alias: str


class ChosenIn(BaseModel):
    database_id: Id


def refused(service: str, words: str, status: int = 422) -> HTTPException:
    return HTTPException(status, {"message": words, "problems": [], "refused_by": service})


def out(tenant_id: str, record: TenantConfigured) -> ConfigurationOut:
    a = record.accurate
    return ConfigurationOut(
        tenant_id=tenant_id, version=record.version, store_name=record.store_name,
        has_webhook_key=bool(record.webhook_key_sealed),
        iseller_client_id=record.iseller_pull.client_id if record.iseller_pull else None,
        accurate=None if a is None else AccurateOut(
            method=a.method, account_url=a.account_url, database_id=a.database_id, database_alias=a.database_alias,
            access_expires_at=a.access_expires_at if isinstance(a, AccurateOAuth) else None))  # fmt: skip


@router.get("/tenants/{tenant_id}/configuration")
async def get_configuration(tenant_id: Id, runtime: RuntimeDep) -> ConfigurationOut:
    record = await current(runtime.db, tenant_id)
    if record is None:
        raise HTTPException(404, f"no tenant {tenant_id}")
    return out(tenant_id, record)


@router.put("/tenants/{tenant_id}/configuration", responses=ACCURATE_FAILED)
async def put_configuration(tenant_id: Id, body: ConfigurationIn, runtime: RuntimeDep) -> ConfigurationOut:
    """Check every credential given with its own service, then save and publish the whole configuration."""
    change = Change(store_name=body.store_name, webhook_key=body.webhook_key)
    if body.iseller_pull is not None:
        change = replace(change, pull=await _checked_pull(runtime, tenant_id, body.iseller_pull))
    if body.accurate is not None:
        change = replace(change, accurate=await _checked_token(runtime, body.accurate))
    return await _save(runtime, tenant_id, change)


@router.post("/tenants/{tenant_id}/accurate-oauth/authorize-url")
async def authorize_url(tenant_id: Id, body: AuthorizeIn, runtime: RuntimeDep) -> dict[str, str]:
    """Where to send the merchant's browser to grant access (the operator's OAuth app, its scopes)."""
    client_id, _ = _oauth_app(runtime)
    state = body.state or secrets.token_urlsafe(16)
    s = runtime.settings
    url = accurate.authorize_url(
        s.accurate_account_url, client_id, body.redirect_uri, s.accurate_oauth_scope, state
    )
    return {"url": url, "state": state}


@router.post("/tenants/{tenant_id}/accurate-oauth/code", responses=ACCURATE_FAILED)
async def take_code(tenant_id: Id, body: CodeIn, runtime: RuntimeDep) -> list[DatabaseOut]:
    """Exchange the code for tokens (kept sealed until a database is chosen); the merchant's databases."""
    s = runtime.settings
    try:
        tokens = await accurate.exchange_code(runtime.puller.http, s.accurate_account_url, _oauth_app(runtime),
                                              body.code, body.redirect_uri)  # fmt: skip
        databases = await accurate.list_databases(
            runtime.puller.http, s.accurate_account_url, tokens.access_token
        )
    except accurate.AccurateRefused as refusal:
        raise refused("accurate", refusal.words, 422 if refusal.reachable else 502) from None
    kept = {"access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
            "expires_at": tokens.expires_at.isoformat() if tokens.expires_at else None,
            "databases": databases}  # fmt: skip
    try:
        await keep_pending(runtime.db, runtime.secrets, tenant_id, kept)
    except NotCreated as exc:
        raise HTTPException(409, str(exc)) from None
    return [DatabaseOut(**d) for d in databases]


@router.post("/tenants/{tenant_id}/accurate-oauth/database", responses=ACCURATE_FAILED)
async def choose_database(tenant_id: Id, body: ChosenIn, runtime: RuntimeDep) -> ConfigurationOut:
    """Open the chosen database with the granted tokens, then save and publish the connection."""
    kept = await pending(runtime.db, runtime.secrets, tenant_id)
    if kept is None:
        raise HTTPException(409, "connect with Accurate first: no granted access is waiting for a database")
    alias = next((d["alias"] for d in kept["databases"] if d["id"] == body.database_id), None)
    if alias is None:
        raise refused("accurate", f"database {body.database_id} is not one the granting user may open")
    expires = datetime.fromisoformat(kept["expires_at"]) if kept.get("expires_at") else None
    tokens = accurate.OAuthTokens(kept["access_token"], kept.get("refresh_token"), expires)
    s = runtime.settings
    try:
        opened = await accurate.open_database(
            s.accurate_account_url, tokens, body.database_id, s.accurate_timeout_seconds
        )
    except accurate.AccurateRefused as refusal:
        raise refused("accurate", refusal.words, 422 if refusal.reachable else 502) from None
    seal = runtime.secrets.seal
    connection = AccurateOAuth(
        account_url=s.accurate_account_url, access_token_sealed=seal(tokens.access_token),
        refresh_token_sealed=seal(tokens.refresh_token) if tokens.refresh_token else None,
        access_expires_at=tokens.expires_at, database_id=body.database_id, database_alias=alias, host=opened.host)  # fmt: skip
    return await _save(runtime, tenant_id, Change(accurate=connection.model_dump(mode="json")))


async def _save(runtime: Runtime, tenant_id: str, change: Change) -> ConfigurationOut:
    try:
        record = await configure(runtime.db, runtime.secrets, tenant_id, change)
    except NotCreated as exc:
        raise HTTPException(409, str(exc)) from None
    runtime.keys.forget(tenant_id)
    runtime.relay.nudge()
    return out(tenant_id, record)


async def _checked_token(runtime: Runtime, given: AccurateTokenIn) -> dict[str, Any]:
    account_url = given.account_url or runtime.settings.accurate_account_url
    try:
        opened = await accurate.check_api_token(account_url, given.api_token, given.signature_secret,
                                                runtime.settings.accurate_timeout_seconds)  # fmt: skip
    except accurate.AccurateRefused as refusal:
        raise refused("accurate", refusal.words, 422 if refusal.reachable else 502) from None
    seal = runtime.secrets.seal
    return AccurateApiToken(account_url=account_url, api_token_sealed=seal(given.api_token),
                            signature_secret_sealed=seal(given.signature_secret),
                            database_id=opened.database_id, database_alias=opened.alias).model_dump(mode="json")  # fmt: skip


async def _checked_pull(runtime: Runtime, tenant_id: str, given: PullIn) -> Credentials:
    """Ask iSeller for a token with the client: its refusal in words, or the credentials with the token."""
    creds = Credentials(tenant_id=tenant_id, oauth_url=given.oauth_url or runtime.settings.iseller_oauth_url,
                        client_id=given.client_id, client_secret=given.client_secret,
                        refresh_token=given.refresh_token, access_token=None, access_expires_at=None,
                        resource_url=None)  # fmt: skip

    async def keep(_: Credentials) -> None:  # saved with the rest once every check passed
        return None

    api = IsellerApi(
        creds, runtime.puller.http, keep, page_size=1, first_page=runtime.settings.iseller_first_page
    )
    try:
        await api.refresh()
    except IsellerApiError as error:
        raise refused("iseller", f"iSeller refused the API client: {error}") from None
    return creds


def _oauth_app(runtime: Runtime) -> tuple[str, str]:
    s = runtime.settings
    if not s.accurate_oauth_client_id or s.accurate_oauth_client_secret is None:
        raise HTTPException(409, "the operator has not configured an Accurate OAuth app "
                                 "(JEMBATAN_ACCURATE_OAUTH_CLIENT_ID and JEMBATAN_ACCURATE_OAUTH_CLIENT_SECRET)")  # fmt: skip
    return s.accurate_oauth_client_id, s.accurate_oauth_client_secret.get_secret_value()
