"""The read cache of Accurate master data: records by kind and key, with a `lastUpdate` watermark."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jembatan.accurate import parse_accurate_timestamp
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.mapping_check import Account, MasterData, TaxCode
from .accurate_gateway import MASTER_KINDS
from .tables import MasterRecord, MasterSync


async def watermark(session: AsyncSession, tenant_id: str, kind: str) -> datetime | None:
    row = await session.get(MasterSync, (tenant_id, kind))
    return row.last_update if row else None


async def store(session: AsyncSession, tenant_id: str, kind: str, rows: list[dict[str, Any]]) -> int:
    """Upsert `rows` and move the watermark to the newest `lastUpdate` seen; returns how many."""
    _, key_field, _ = MASTER_KINDS[kind]
    sync = await session.get(MasterSync, (tenant_id, kind)) or MasterSync(
        tenant_id=tenant_id, kind=kind, refreshed_at=datetime.now(UTC)
    )
    for row in rows:
        key = row.get(key_field)
        if not isinstance(key, str):
            continue
        await session.merge(MasterRecord(tenant_id=tenant_id, kind=kind, key=key, data=row))
        stamp = _stamp(row.get("lastUpdate"))
        if stamp and (sync.last_update is None or stamp > sync.last_update):
            sync.last_update = stamp
    sync.refreshed_at = datetime.now(UTC)
    session.add(sync)
    return len(rows)


async def records(session: AsyncSession, tenant_id: str, kind: str) -> list[dict[str, Any]]:
    query = select(MasterRecord).where(MasterRecord.tenant_id == tenant_id, MasterRecord.kind == kind)
    return [r.data for r in (await session.exec(query)).all()]


async def master_data(session: AsyncSession, tenant_id: str) -> MasterData:
    """Accounts (with leaf-ness: no other account names it as parent), branches and warehouses."""
    accounts = await records(session, tenant_id, "glaccount")
    parents = {str((a.get("parent") or {}).get("no")) for a in accounts if isinstance(a.get("parent"), dict)}
    return MasterData(
        accounts={
            a["no"]: Account(
                a["no"], str(a.get("name", "")), str(a.get("accountType", "")), a["no"] not in parents
            )
            for a in accounts
            if not a.get("suspended")
        },
        branches=frozenset(
            b["name"] for b in await records(session, tenant_id, "branch") if not b.get("suspended")
        ),
        warehouses=frozenset(
            w["name"] for w in await records(session, tenant_id, "warehouse") if not w.get("suspended")
        ),
        taxes={t.name: t for t in map(_tax_code, await records(session, tenant_id, "tax")) if t is not None},
    )


def _tax_code(row: dict[str, Any]) -> TaxCode | None:
    name = row.get("description")
    if not isinstance(name, str) or row.get("suspended"):
        return None
    try:
        rate = Decimal(str(row.get("rate") or 0))
    except InvalidOperation:
        return None
    return TaxCode(name, str(row.get("taxType") or ""), rate, row.get("salesTaxGlAccountNo"))


def _stamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_accurate_timestamp(value)
    except ValueError:
        return None
