"""The activity log and today's overview as the merchant reads them — pure.

Kinds are the add-on's (order sync, receipt, return, …); states fold into three words a merchant
acts on: posted, waiting (planned, sending, not sure yet) and failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from .formatting import WIB

KINDS = (
    "order sync",
    "receipt",
    "return",
    "customer",
    "payout deposit",
    "transfer",
    "adjustment",
    "stock count",
)
STATES = ("planned", "sending", "posted", "failed", "unknown")
BUCKETS = ("posted", "waiting", "failed")
PAGE_SIZE = 50


def bucket(state: str) -> str:
    """posted / failed stay; every other state is still waiting to reach Accurate."""
    return state if state in ("posted", "failed") else "waiting"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A store day in WIB as [start, end) instants."""
    start = datetime.combine(day, time(), WIB)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class Filters:
    """The activity page's filters, read from (and written back to) its query string."""

    kind: str = ""
    state: str = ""
    outlet_id: str = ""
    day: str = ""  # YYYY-MM-DD in WIB, or empty for every day
    offset: int = 0

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        kind = query.get("kind", "")
        state = query.get("state", "")
        day = query.get("day", "")
        try:
            date.fromisoformat(day)
        except ValueError:
            day = ""
        offset = query.get("offset", "0")
        return cls(
            kind=kind if kind in KINDS else "",
            state=state if state in STATES else "",
            outlet_id=query.get("outlet_id", "").strip()[:100],
            day=day,
            offset=int(offset) if offset.isdigit() else 0,
        )

    def api_params(self, tenant_id: str) -> dict[str, Any]:
        params: dict[str, Any] = {"tenant_id": tenant_id, "limit": PAGE_SIZE, "offset": self.offset}
        params |= {
            k: v
            for k, v in {"kind": self.kind, "state": self.state, "outlet_id": self.outlet_id}.items()
            if v
        }
        if self.day:
            since, until = day_bounds(date.fromisoformat(self.day))
            params |= {"since": since.isoformat(), "until": until.isoformat()}
        return params

    def query(self, **change: Any) -> str:
        values = {"kind": self.kind, "state": self.state, "outlet_id": self.outlet_id, "day": self.day,
                  "offset": self.offset} | change  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v})


def today_counts(documents: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """kind → {posted, waiting, failed} for the kinds that have any document (in KINDS' order)."""
    counts = Counter((d["kind"], bucket(d["state"])) for d in documents)
    kinds = [k for k in KINDS if any(counts[(k, b)] for b in BUCKETS)]
    kinds += sorted({k for k, _ in counts} - set(KINDS))
    return {k: {b: counts[(k, b)] for b in BUCKETS} for k in kinds}
