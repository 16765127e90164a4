"""Which SKUs Accurate accepts as an item code (`no`): at most 30 characters of its allowed set.

Accurate's exact character set is not published (reference §4.1 shows the refusal only); we accept
letters, digits, space and `- _ . / ( ) + & #`, which covers the codes merchants use.
"""

from __future__ import annotations

import re

MAX_ITEM_CODE = 30
_ALLOWED = re.compile(r"^[A-Za-z0-9 \-_./()+&#]+$")


def sku_problem(sku: str) -> str | None:
    """Why Accurate would refuse `sku` as an item code, or None when it is fine."""
    if len(sku) > MAX_ITEM_CODE:
        return f"longer than {MAX_ITEM_CODE} characters ({len(sku)})"
    if sku != sku.strip():
        return "starts or ends with a space"
    if not _ALLOWED.match(sku):
        bad = sorted({c for c in sku if not _ALLOWED.match(c)})
        return f"has characters Accurate does not allow: {' '.join(bad)}"
    return None
