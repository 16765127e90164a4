"""What the mapper looks up for every event, kept in memory per tenant: the tenant's settings, its
outlet mappings and what is known about each SKU (customer numbers are not kept: the mapper's own
handler writes them, event by event).

Before, each event cost four lookups (settings, each outlet, the SKUs' products and item numbers,
customers). A tenant's mappings change when the merchant saves them, which is rare; its events
arrive by the thousand.

Forgotten:
- when this process saves any of them: a flush that adds, changes or deletes a tenant, outlet
  mapping, iSeller product or catalogue item forgets that tenant (at the flush and again at its
  commit, so a read between the two cannot keep the old value); a bulk UPDATE or DELETE on those
  tables forgets every tenant;
- at the latest `ttl` seconds after a tenant was first read (another replica may have saved).

The redrive maps parked events without the cache (fresh reads after a mapping was fixed).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.catalogue import Catalogue, KnownProduct
from ..domain.mapping import OutletMapping, TenantSettings
from . import catalogue_store, repository
from .tables import CatalogueItem, IsellerProduct, OutletMappingRow, TenantRow

WATCHED = (TenantRow, OutletMappingRow, IsellerProduct, CatalogueItem)
_WATCHED_TABLES = frozenset(str(row.__tablename__) for row in WATCHED)
_SAVED_TENANTS = "jembatan.mapper.saved_tenants"
MAX_TENANTS = 1000  # beyond it the cache starts afresh: memory stays bounded whatever arrives


@dataclass
class _Tenant:
    read_at: float
    settings: TenantSettings | None = None
    outlets: dict[str, OutletMapping | None] = field(default_factory=dict)
    products: dict[str, KnownProduct | None] = field(default_factory=dict)  # None: nothing known


class LookupCache:
    def __init__(self, ttl: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._tenants: dict[str, _Tenant] = {}
        self.reads = 0  # tenant-settings, outlet or SKU look-ups that went to the database (tests, bench)
        _CACHES.add(self)

    def forget(self, tenant_id: str | None = None) -> None:
        """Forget one tenant (or every tenant)."""
        if tenant_id is None:
            self._tenants.clear()
        else:
            self._tenants.pop(tenant_id, None)

    def _tenant(self, tenant_id: str) -> _Tenant:
        now = self.clock()
        kept = self._tenants.get(tenant_id)
        if kept is None or now - kept.read_at > self.ttl:
            if len(self._tenants) >= MAX_TENANTS:
                self._tenants.clear()
            kept = self._tenants[tenant_id] = _Tenant(read_at=now)
        return kept

    async def settings(self, session: AsyncSession, tenant_id: str) -> TenantSettings:
        kept = self._tenant(tenant_id)
        if kept.settings is None:
            self.reads += 1
            kept.settings = await repository.tenant_settings(session, tenant_id)
        return kept.settings

    async def outlets(
        self, session: AsyncSession, tenant_id: str, outlet_ids: Iterable[str]
    ) -> dict[str, OutletMapping]:
        kept = self._tenant(tenant_id)
        wanted = set(outlet_ids)
        for outlet_id in sorted(wanted - kept.outlets.keys()):
            self.reads += 1
            kept.outlets[outlet_id] = await repository.outlet_mapping(session, tenant_id, outlet_id)
        return {o: m for o in wanted if (m := kept.outlets[o]) is not None}

    async def catalogue(self, session: AsyncSession, tenant_id: str, skus: Iterable[str]) -> Catalogue:
        """What `catalogue_store.catalogue_for` would answer: the SKUs and their combosets' components."""
        kept = self._tenant(tenant_id)
        wanted = {s for s in skus if s}
        await self._load(session, tenant_id, kept, wanted)
        components = {
            slot
            for sku in wanted
            if (known := kept.products[sku]) is not None and known.kind == "comboset"
            for slot, _ in known.components
        }
        await self._load(session, tenant_id, kept, components)
        return Catalogue({s: k for s in wanted | components if (k := kept.products[s]) is not None})

    async def _load(self, session: AsyncSession, tenant_id: str, kept: _Tenant, skus: set[str]) -> None:
        missing = skus - kept.products.keys()
        if not missing:
            return
        self.reads += 1
        found = await catalogue_store.catalogue_for(session, tenant_id, missing)
        for sku, known in found.products.items():  # the components of combosets among them too
            kept.products.setdefault(sku, known)
        for sku in missing:
            kept.products.setdefault(sku, None)


_CACHES: weakref.WeakSet[LookupCache] = weakref.WeakSet()


def _forget_everywhere(tenant_id: str | None) -> None:
    for cache in list(_CACHES):
        cache.forget(tenant_id)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    if not _CACHES:
        return
    tenants = {
        row.tenant_id for row in (*session.new, *session.dirty, *session.deleted) if isinstance(row, WATCHED)
    }
    if tenants:
        session.info.setdefault(_SAVED_TENANTS, set()).update(tenants)
        for tenant_id in tenants:
            _forget_everywhere(tenant_id)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for tenant_id in session.info.pop(_SAVED_TENANTS, ()):
        _forget_everywhere(tenant_id)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_SAVED_TENANTS, None)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if not _CACHES or not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _WATCHED_TABLES:
        _forget_everywhere(None)
