"""Customers are created in Accurate when a document first needs them (ACCOUNTING.md §3.5)."""

from __future__ import annotations

from jembatan.accurate import AccurateClient, AccurateError, FailureKind


class CustomerDirectory:
    """Remembers which customer numbers exist per tenant, creating the missing ones once."""

    def __init__(self) -> None:
        self._known: dict[str, set[str]] = {}

    async def ensure(
        self, tenant_id: str, client: AccurateClient, customer_no: str, name: str | None = None
    ) -> None:
        known = self._known.setdefault(tenant_id, set())
        if customer_no in known:
            return
        try:
            await client.detail("customer", customerNo=customer_no)
        except AccurateError as exc:
            if exc.kind != FailureKind.NOT_FOUND:
                raise
            await client.save("customer", {"customerNo": customer_no, "name": name or customer_no})
        known.add(customer_no)
