"""What the sender needs from the outside world — small Protocols, so tests can hand it fakes.

- `AccurateApi`: the calls the sender makes to one tenant's Accurate database (the real one is
  `jembatan.accurate.AccurateClient`). Not "the books": what the books hold is read back by
  reconciliation's `BooksReadback` (`reconciling.py`).
- `Gateway`: the tenant's `AccurateApi`, or None while it has not connected Accurate.
- `PostingLedger`: the posting ledger and the sending leases (the real one is SQL, in adapters).
- `Replanner`: rebuilds a window's not-yet-posted documents from its held facts (the planner's).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from jembatan.accurate import Page, RecordResult, SaveResult
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Posting
from ..domain.scheduling import Outcome


class AccurateApi(Protocol):
    async def save(self, module: str, record: Mapping[str, Any]) -> SaveResult: ...

    async def bulk_save(self, module: str, records: Iterable[Mapping[str, Any]]) -> list[RecordResult]: ...

    async def detail(self, module: str, *, id: int | None = None, **key: Any) -> dict[str, Any]: ...

    async def list(
        self,
        module: str,
        fields: Iterable[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page: ...


class Gateway(Protocol):
    async def client(self, tenant_id: str) -> AccurateApi | None: ...


class PostingLedger(Protocol):
    async def tenants_with_due_work(self, now: datetime, replica: str | None = None) -> list[str]:
        """Tenants (not paused, not leased by a live replica other than `replica`) with a document
        to send or look up now — or left `sending` by a crash — longest waiting first."""
        ...

    async def claim(self, tenant_id: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take or renew the tenant's sending lease; False while another live replica holds it."""
        ...

    async def release(self, tenant_id: str, holder: str) -> None: ...

    async def pause(self, tenant_id: str, until: datetime, reason: str) -> None:
        """The tenant cannot post now: no replica sends for it before `until`; its waiting
        documents show `until` as their next attempt (and the reason, if they had none)."""
        ...

    async def recover_interrupted(self, tenant_id: str) -> int:
        """Documents left `sending` by a crash become `unknown` (looked up before any resend)."""
        ...

    async def due(self, tenant_id: str, now: datetime, limit: int) -> list[Posting]:
        """Planned or unknown documents whose time has come and whose dependency is posted."""
        ...

    async def coming(self, keys: Collection[str], now: datetime) -> dict[str, int]:
        """By module, the documents that become due once these (in flight) are posted: waiting,
        their time come, depending on one of them."""
        ...

    async def start_sending(self, keys: Sequence[str], now: datetime) -> None:
        """Commit `sending` (and one more attempt) before the call leaves."""
        ...

    async def settle(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Record outcomes; publish every posted or failed one; park dependents of a failed one."""
        ...


class Replanner(Protocol):
    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        """Rebuild the bodies of every not-yet-posted document of the window from its held facts
        and the current mapping (in `session`, before the retry moves failed → planned)."""
        ...


class NoReplanner:
    """Until the planner provides one: rebuilds nothing (a retry then re-checks the stored body)."""

    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        return None
