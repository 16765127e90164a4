"""Money and time as the merchant reads them — pure.

Money is `Rp 1.234.567` in Indonesian and `Rp 1,234,567` in English, rounded to the rupiah
(half up, as the till does). Times are shown in WIB (Asia/Jakarta) with the zone written out.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
THOUSANDS = {"id": ".", "en": ","}


def rupiah(amount: Decimal | int | str, lang: str) -> str:
    """`Decimal("1234567.4")` → `Rp 1.234.567` (id) or `Rp 1,234,567` (en); negatives as `-Rp 5.000`."""
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    grouped = f"{abs(int(whole)):,}".replace(",", THOUSANDS.get(lang, ","))
    return f"{sign}Rp {grouped}"


def wib(moment: datetime | str | None, lang: str = "en") -> str:
    """An aware instant (or its ISO text) as `25-11-2026 10:00 WIB`; naive instants are taken as UTC."""
    if moment is None or moment == "":
        return "—"
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo("UTC"))
    local = when.astimezone(WIB)
    clock = local.strftime("%H.%M") if lang == "id" else local.strftime("%H:%M")
    return f"{local.strftime('%d-%m-%Y')} {clock} WIB"
