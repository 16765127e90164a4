"""Deterministic, readable, short Accurate document numbers (ACCOUNTING.md §4).

`<kind>-<outlet>-<yymmdd>-<hash>`: a person reads the kind, outlet and day; the hash of the
document key makes it unique per tenant and identical on every retry, replay or re-sync.
"""

from __future__ import annotations

import hashlib
from datetime import date

MAX_LENGTH = 30  # Accurate's code fields allow 30 characters; numbers stay within that

KIND_CODES = {
    "sales-invoice": "SI",
    "sales-receipt": "SR",
    "sales-return": "RT",
    "journal-voucher": "JV",
    "item-transfer": "TF",
    "item-adjustment": "AD",
}


def document_number(document_type: str, outlet_code: str, day: date, document_key: str) -> str:
    digest = hashlib.sha256(document_key.encode()).hexdigest()[:8].upper()
    outlet = "".join(ch for ch in outlet_code.upper() if ch.isalnum())[:8] or "X"
    number = f"{KIND_CODES[document_type]}-{outlet}-{day:%y%m%d}-{digest}"
    assert len(number) <= MAX_LENGTH
    return number


def undated_number(document_type: str, outlet_code: str, document_key: str) -> str:
    """For documents whose later partners cannot know the first one's day (a transfer's receipt)."""
    digest = hashlib.sha256(document_key.encode()).hexdigest()[:10].upper()
    outlet = "".join(ch for ch in outlet_code.upper() if ch.isalnum())[:8] or "X"
    return f"{KIND_CODES[document_type]}-{outlet}-{digest}"
