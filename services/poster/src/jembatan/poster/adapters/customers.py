"""Customers are created in Accurate when a document first needs them (ACCOUNTING.md §3.5)."""

from __future__ import annotations

from collections.abc import Iterable

from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.documents.assumptions import LIST_EQUAL_MATCHES_ANY_VALUE

PAGE = 100  # list.do's largest page


class CustomerDirectory:
    """Remembers which customer numbers exist per tenant, creating the missing ones once."""

    def __init__(self) -> None:
        self._known: dict[str, set[str]] = {}
        self._missing: dict[str, set[str]] = {}  # looked up together and not found: create directly

    async def look_up(self, tenant_id: str, client: AccurateClient, numbers: Iterable[str]) -> None:
        """Learn which of several customers exist with one `list.do` per 100 (instead of one
        `detail.do` each); `ensure` then creates only the missing ones."""
        known = self._known.setdefault(tenant_id, set())
        unknown = sorted(set(numbers) - known)
        if len(unknown) < 2 or not LIST_EQUAL_MATCHES_ANY_VALUE:
            return
        for start in range(0, len(unknown), PAGE):
            chunk = unknown[start : start + PAGE]
            page = await client.list(
                "customer", ["id", "customerNo"], {"customerNo": ("EQUAL", chunk)}, 1, PAGE
            )
            found = {str(row["customerNo"]) for row in page.rows if row.get("customerNo") in chunk}
            known.update(found)
            self._missing.setdefault(tenant_id, set()).update(set(chunk) - found)

    async def ensure(
        self, tenant_id: str, client: AccurateClient, customer_no: str, name: str | None = None
    ) -> None:
        known = self._known.setdefault(tenant_id, set())
        if customer_no in known:
            return
        missing = self._missing.get(tenant_id, set())
        if customer_no not in missing:
            try:
                await client.detail("customer", customerNo=customer_no)
            except AccurateError as exc:
                if exc.kind != FailureKind.NOT_FOUND:
                    raise
                missing.add(customer_no)
        if customer_no in missing:
            try:
                await client.save("customer", {"customerNo": customer_no, "name": name or customer_no})
            except AccurateError as exc:
                if exc.kind != FailureKind.DUPLICATE_NUMBER:  # made meanwhile (or by someone else)
                    raise
            missing.discard(customer_no)
        known.add(customer_no)
