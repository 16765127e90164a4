"""`tenant.configured/1` → the mapper's tenant row: the store name, the Accurate connection (sealed as
published: every service shares the key), the account URL and database. Older versions are ignored;
a record without an Accurate part leaves a connection given directly (`PUT /admin/tenants/{id}`) alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jembatan.contracts.tenant import AccurateApiToken, TenantConfigured
from jembatan.platform.db import take_turns
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import TenantRow, tenant_lock
from ..domain.mapping import TenantSettings


async def project(session: AsyncSession, tenant_id: str, record: TenantConfigured) -> bool:
    """Keep `record` unless a newer version is kept already; True when it was kept."""
    await take_turns(session, tenant_lock(tenant_id))
    row = await session.get(TenantRow, tenant_id) or TenantRow(
        tenant_id=tenant_id, settings={}, updated_at=datetime.now(UTC)
    )
    if row.config_version is not None and row.config_version >= record.version:
        return False
    changes: dict[str, object] = {"store_name": record.store_name}
    accurate = record.accurate
    if accurate is not None:
        changes |= {
            "accurate_account_url": accurate.account_url,
            "accurate_database_id": accurate.database_id,
        }
        if isinstance(accurate, AccurateApiToken):
            row.accurate_token, row.accurate_secret = (
                accurate.api_token_sealed,
                accurate.signature_secret_sealed,
            )
            row.accurate_oauth = None
        else:
            row.accurate_token = row.accurate_secret = None
            row.accurate_oauth = accurate.model_dump(mode="json")
    settings = TenantSettings.model_validate(row.settings).model_copy(update=changes)
    row.settings = settings.model_dump(mode="json")
    row.config_version, row.updated_at = record.version, datetime.now(UTC)
    session.add(row)
    return True
