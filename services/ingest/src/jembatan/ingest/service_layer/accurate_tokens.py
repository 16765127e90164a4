"""Accurate OAuth tokens are refreshed here, and only here (Accurate rotates the refresh token: two
services refreshing the same one would lock each other out).

Every `accurate_token_check_seconds` each OAuth connection whose access token expires within the
margin is refreshed under a row lock on its configuration (one ingest replica at a time), saved, and
published as the next version of `tenant.configured/1`; the mapper and the poster take the new access
token from there, long before the old one expires. They never refresh themselves.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from jembatan.contracts.tenant import AccurateOAuth
from sqlmodel import select

from ..adapters import accurate_account as accurate
from ..adapters.tables import Tenant, TenantConfiguration
from ..entrypoints.deps import Runtime
from .configuring import publish_in

log = logging.getLogger(__name__)


def due(connection: AccurateOAuth, now: datetime, margin: timedelta) -> bool:
    """True when the access token expires within `margin` (or its expiry is unknown) and can be refreshed."""
    if not connection.refresh_token_sealed:
        return False
    return connection.access_expires_at is None or connection.access_expires_at - margin <= now


async def refresh_due(runtime: Runtime) -> int:
    """Refresh every connection that is due; returns how many were refreshed."""
    margin = timedelta(hours=runtime.settings.accurate_token_refresh_margin_hours)
    async with runtime.db.session() as session:
        rows = (await session.exec(select(TenantConfiguration))).all()
    now = datetime.now(UTC)
    tenants = [r.tenant_id for r in rows if (c := _oauth(r)) is not None and due(c, now, margin)]
    refreshed = 0
    for tenant_id in tenants:
        try:
            refreshed += await refresh_one(runtime, tenant_id, margin)
        except accurate.AccurateRefused as refusal:  # Accurate's words; never a token
            log.warning(
                "Accurate token refresh refused", extra={"tenant_id": tenant_id, "reason": refusal.words}
            )
    if refreshed:
        runtime.relay.nudge()
    return refreshed


async def refresh_one(runtime: Runtime, tenant_id: str, margin: timedelta) -> bool:
    """Refresh one tenant's tokens under the row lock; False when another replica already did."""
    s = runtime.settings
    if not s.accurate_oauth_client_id or s.accurate_oauth_client_secret is None:
        return False
    client = (s.accurate_oauth_client_id, s.accurate_oauth_client_secret.get_secret_value())
    box = runtime.secrets
    async with runtime.db.session() as session:
        config = await session.get(TenantConfiguration, tenant_id, with_for_update=True)
        tenant = await session.get(Tenant, tenant_id)
        connection = _oauth(config) if config else None
        if (
            config is None
            or tenant is None
            or connection is None
            or not due(connection, datetime.now(UTC), margin)
        ):
            return False
        assert connection.refresh_token_sealed is not None
        tokens = await accurate.refresh_tokens(runtime.puller.http, connection.account_url, client,
                                               box.open(connection.refresh_token_sealed))  # fmt: skip
        renewed = connection.model_copy(update={
            "access_token_sealed": box.seal(tokens.access_token),
            "refresh_token_sealed": box.seal(tokens.refresh_token) if tokens.refresh_token else None,
            "access_expires_at": tokens.expires_at})  # fmt: skip
        config.accurate = renewed.model_dump(mode="json")
        await publish_in(session, tenant, config)
    return True


async def refresh_forever(runtime: Runtime) -> None:
    while True:
        try:
            await refresh_due(runtime)
        except Exception as exc:  # the next round tries again
            log.warning("Accurate token refresh round failed", extra={"error": type(exc).__name__})
        await asyncio.sleep(runtime.settings.accurate_token_check_seconds)


def _oauth(config: TenantConfiguration) -> AccurateOAuth | None:
    if not config.accurate or config.accurate.get("method") != "oauth":
        return None
    return AccurateOAuth.model_validate(config.accurate)
