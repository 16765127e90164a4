"""The reconciliation report as the merchant reads it — pure.

The poster keeps each run's report as JSON (docs/reconciliation.md). Every difference is drawn the
same way whatever its kind — what, how much, which window, which documents and iSeller ids, what to
do — so a kind the poster learns later shows without a change here. The fix is chosen by kind where
the console knows it, else read from the poster's own suggested action ("re-sync", "retry", "map").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

RESYNC = "resync"  # the fix is a button: re-plan the day's windows (poster POST …/resync)
KNOWN_SECTIONS = (
    "sales",
    "payments",
    "documents_expected",
    "windows",
    "differences",
    "members",
    "clearing",
    "error",
)


@dataclass(frozen=True)
class Fix:
    """What the merchant can do about a gap: the re-sync button, or a link to the page that does it."""

    label_key: str
    path: str = ""  # under /t/{tenant}/; empty for the re-sync button

    @property
    def is_button(self) -> bool:
        return not self.path


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str  # the kind in words when the catalogue has no entry for it
    detail: str
    amount: Decimal | None  # Accurate minus iSeller
    iseller: Decimal | None
    accurate: Decimal | None
    window_id: str | None
    documents: tuple[str, ...]
    source_ids: tuple[str, ...]
    action: str  # the poster's suggested action, in its words
    fix: Fix | None
    extra: tuple[tuple[str, str], ...]  # fields a newer poster adds (sku, warehouse, shift …), as given

    @property
    def label_key(self) -> str:
        return f"gap.{self.kind}"


def money(value: Any) -> Decimal | None:
    """A money field of the report (a string like "-53500") as Decimal; None when absent or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


FIX_BY_KIND = {
    "missing_document": Fix("recon.fix_resync"),
    "sales_total": Fix("recon.fix_resync"),
    "payment_total": Fix("recon.fix_resync"),
    "refused_window": Fix("recon.fix_map", "parked"),
    "clearing_balance": Fix(
        "recon.fix_retry", "activity?" + urlencode({"kind": "payout deposit", "state": "failed"})
    ),
    "member_balance": Fix("recon.fix_retry", "activity?" + urlencode({"kind": "receipt", "state": "failed"})),
    "unexpected_document": None,
}


def fix_for(kind: str, action: str) -> Fix | None:
    """The button or link for a gap: by kind when known, else from the words of the poster's action."""
    if kind in FIX_BY_KIND:
        return FIX_BY_KIND[kind]
    words = action.lower()
    if "re-sync" in words or "resync" in words:
        return Fix("recon.fix_resync")
    if "retry" in words:
        return Fix("recon.fix_retry", "activity?state=failed")
    if "map" in words:
        return Fix("recon.fix_map", "parked")
    if "product" in words or "sku" in words or "stock" in words:
        return Fix("recon.fix_products", "products")
    return None


GAP_FIELDS = {
    "kind",
    "amount",
    "iseller",
    "accurate",
    "window_id",
    "documents",
    "source_ids",
    "action",
    "detail",
}


def gaps(differences: Sequence[Mapping[str, Any]]) -> list[Gap]:
    out = []
    for d in differences:
        kind = str(d.get("kind") or "difference")
        action = str(d.get("action") or "")
        extra = tuple(
            (str(k), _plain(v)) for k, v in d.items() if k not in GAP_FIELDS and v not in (None, "", [], {})
        )
        out.append(
            Gap(
                kind=kind,
                label=kind.replace("_", " ").capitalize(),
                detail=str(d.get("detail") or d.get("description") or ""),
                amount=money(d.get("amount")),
                iseller=money(d.get("iseller")),
                accurate=money(d.get("accurate")),
                window_id=d.get("window_id") or None,
                documents=tuple(str(x) for x in d.get("documents") or ()),
                source_ids=tuple(str(x) for x in d.get("source_ids") or ()),
                action=action,
                fix=fix_for(kind, action),
                extra=extra,
            )
        )
    return out


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def other_sections(report: Mapping[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """Report sections a newer poster adds (per shift, per payout, stock …): (name, columns, rows) for
    each list of records, shown as given rather than hidden."""
    out = []
    for name, value in report.items():
        if name in KNOWN_SECTIONS or not isinstance(value, list) or not value:
            continue
        records = [v for v in value if isinstance(v, Mapping)]
        if not records:
            continue
        columns = list(dict.fromkeys(k for r in records for k in r))
        out.append((name, columns, [[_cell(r.get(c)) for c in columns] for r in records]))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return _plain(value)


def choose_run(runs: Sequence[Mapping[str, Any]], day: str) -> Mapping[str, Any] | None:
    """The newest kept run of `day` (runs come newest first)."""
    return next((r for r in runs if r.get("day") == day), None)


def recent_days(runs: Sequence[Mapping[str, Any]], at_most: int = 10) -> list[Mapping[str, Any]]:
    """The newest run of each of the latest days, newest day first."""
    seen: dict[str, Mapping[str, Any]] = {}
    for run in runs:
        seen.setdefault(str(run.get("day")), run)
    return sorted(seen.values(), key=lambda r: str(r.get("day")), reverse=True)[:at_most]
