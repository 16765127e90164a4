"""The poster's door to Accurate: one client per tenant, built from its sealed connection."""

from __future__ import annotations

from jembatan.accurate import AccurateClient, ApiTokenAuth, Auth, OAuthAuth, shared_budget
from jembatan.accurate.budget import DEFAULT_CONCURRENCY, DEFAULT_RATE, KEPT_FREE
from jembatan.platform.accurate_metrics import TenantCallMeter
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from .tables import AccurateConnection


class AccurateGateway:
    def __init__(
        self, db: Database, secrets: SecretBox, kept_free: int = KEPT_FREE, *, timeout: float = 30.0
    ) -> None:
        self.db = db
        self.secrets = secrets
        self.timeout = timeout  # one call's; the sending lease must outlast it (PosterSettings)
        # The poster's share of each database's budget: the rest is kept for the mapper and ingest.
        self.rate, self.in_flight = DEFAULT_RATE - kept_free, DEFAULT_CONCURRENCY - kept_free
        self._clients: dict[str, AccurateClient] = {}

    async def client(self, tenant_id: str) -> AccurateClient | None:
        """The tenant's client, or None while the tenant has not connected Accurate."""
        if tenant_id in self._clients:
            return self._clients[tenant_id]
        async with self.db.session() as session:
            connection = await session.get(AccurateConnection, tenant_id)
        if connection is None:
            return None
        auth = self._auth(connection)
        budget = shared_budget(auth.budget_key, self.rate, self.in_flight)
        meter = TenantCallMeter(tenant_id)
        client = AccurateClient(
            auth, account_url=connection.account_url, budget=budget, timeout=self.timeout, observer=meter
        )
        self._clients[tenant_id] = client
        return client

    def _auth(self, connection: AccurateConnection) -> Auth:
        """OAuth tokens are never refreshed here: ingest alone refreshes them (docs/tenants.md)."""
        if connection.oauth:
            token = self.secrets.open(connection.oauth["access_token_sealed"])
            return OAuthAuth(token, None, "", "", connection.oauth["database_id"])
        return ApiTokenAuth(
            token=self.secrets.open(connection.token_sealed),
            signature_secret=self.secrets.open(connection.signature_secret_sealed),
        )

    async def forget(self, tenant_id: str) -> None:
        client = self._clients.pop(tenant_id, None)
        if client is not None:
            await client.aclose()

    async def close(self) -> None:
        for tenant_id in list(self._clients):
            await self.forget(tenant_id)
