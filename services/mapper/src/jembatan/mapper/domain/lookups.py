"""Everything the mapper knows about a tenant when it maps one event — pure data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jembatan.contracts.pos import CustomerRef

from .catalogue import Catalogue
from .mapping import OutletMapping, TenantSettings
from .outcome import Parked


@dataclass(frozen=True)
class Lookups:
    """The tenant's settings, the mappings of the outlets an event names, and the SKUs it uses."""

    outlets: Mapping[str, OutletMapping] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=Catalogue)
    tenant: TenantSettings = field(default_factory=TenantSettings)
    customers: Mapping[str, str] = field(default_factory=dict)  # iSeller customer id → Accurate number

    def outlet(self, outlet_id: str) -> OutletMapping | Parked:
        """The outlet's mapping when it is mapped and switched on."""
        mapping = self.outlets.get(outlet_id)
        if mapping is None:
            return Parked(f"outlet {outlet_id} is not mapped")
        if not mapping.enabled:
            return Parked(f"outlet {outlet_id} is switched off for integration")
        return mapping

    def customer_no(self, customer: CustomerRef | None, walk_in: str) -> str:
        """The Accurate customer number of a member (the iSeller id when chosen), else the walk-in one."""
        if customer is None:
            return walk_in
        return member_number(customer.customer_id, customer.external_customer_id, self.tenant)

    def known_member_no(self, customer_id: str) -> str | Parked:
        """The number a member already has (seen in a customer event or a sale), for events that carry
        only iSeller's id; with `IS-<id>` numbering it needs nothing seen before."""
        if customer_id in self.customers:
            return self.customers[customer_id]
        if not self.tenant.customer_number_from_iseller:
            return member_number(customer_id, None, self.tenant)
        return Parked(f"member {customer_id} is not known yet: no customer event or sale named them")


def member_number(customer_id: str, external_id: str | None, tenant: TenantSettings) -> str:
    """`external_customer_id` when the tenant chose iSeller's numbers, else `IS-<iSeller id>` (≤ 30)."""
    if tenant.customer_number_from_iseller and external_id:
        return external_id[:30]
    return f"IS-{customer_id[:27]}"
