"""A tenant's iSeller API connection, sealed at rest: saved from the admin API, refreshed by the pull."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from .tables import IsellerConnection


@dataclass
class Credentials:
    """The opened (plaintext) credentials, only ever held in memory."""

    tenant_id: str
    oauth_url: str
    client_id: str
    client_secret: str
    refresh_token: str | None
    access_token: str | None
    access_expires_at: datetime | None
    resource_url: str | None


async def save_connection(db: Database, box: SecretBox, creds: Credentials) -> None:
    """Create or replace the tenant's connection; every secret is sealed before it is stored."""
    async with db.session() as session:
        session.add(fill_connection(await session.get(IsellerConnection, creds.tenant_id), box, creds))


def fill_connection(row: IsellerConnection | None, box: SecretBox, creds: Credentials) -> IsellerConnection:
    """`row` (a new one when None) holding `creds`, every secret sealed."""
    if row is None:
        row = IsellerConnection(
            tenant_id=creds.tenant_id,
            oauth_url=creds.oauth_url,
            client_id=creds.client_id,
            client_secret_sealed="",
            updated_at=datetime.now(UTC),
        )
    row.oauth_url = creds.oauth_url
    row.client_id = creds.client_id
    row.client_secret_sealed = box.seal(creds.client_secret)
    row.refresh_token_sealed = _seal(box, creds.refresh_token)
    row.access_token_sealed = _seal(box, creds.access_token)
    row.access_expires_at = creds.access_expires_at
    row.resource_url = creds.resource_url
    row.updated_at = datetime.now(UTC)
    return row


async def load_connection(db: Database, box: SecretBox, tenant_id: str) -> Credentials | None:
    async with db.session() as session:
        row = await session.get(IsellerConnection, tenant_id)
    if row is None:
        return None
    return Credentials(
        tenant_id=row.tenant_id,
        oauth_url=row.oauth_url,
        client_id=row.client_id,
        client_secret=box.open(row.client_secret_sealed),
        refresh_token=_open(box, row.refresh_token_sealed),
        access_token=_open(box, row.access_token_sealed),
        access_expires_at=row.access_expires_at,
        resource_url=row.resource_url,
    )


def _seal(box: SecretBox, value: str | None) -> str | None:
    return box.seal(value) if value else None


def _open(box: SecretBox, value: str | None) -> str | None:
    return box.open(value) if value else None
