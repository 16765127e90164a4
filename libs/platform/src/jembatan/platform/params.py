"""Input types shared by every admin API, so a value the service cannot use is a 422, not a 500.

- `RowId`: a path id that fits the database's integer column (1 … 2³¹−1).
- `Key`: a path key (tenant, outlet, document): 1–100 characters, no control characters — it must
  fit a `String(100)` column and go into a query as it is.
- `WebUrl`: an absolute http(s) URL with a host, ASCII only (the service will call it).
- `Credential` / `SecretCredential`: a token or secret that will travel in an HTTP header: printable
  ASCII, no spaces around it, at most 4,096 characters.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Path
from pydantic import AfterValidator, SecretStr, StringConstraints

LARGEST_ROW_ID = 2**31 - 1

RowId = Annotated[int, Path(ge=1, le=LARGEST_ROW_ID)]
Key = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]


def web_url(value: str) -> str:
    if len(value) > 500 or not value.isascii() or any(c.isspace() or ord(c) < 32 for c in value):
        raise ValueError("not a usable URL: ASCII, no spaces, at most 500 characters")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises on a port that is not a number or out of range
    except ValueError as exc:
        raise ValueError(f"not a usable URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not a usable URL: it must start with http:// or https:// and name a host")
    del port
    return value


def credential(value: str) -> str:
    if not value or len(value) > 4096 or not all(33 <= ord(c) <= 126 for c in value):
        raise ValueError("must be 1 to 4,096 printable ASCII characters without spaces")
    return value


def secret_credential(value: SecretStr) -> SecretStr:
    credential(value.get_secret_value())
    return value


WebUrl = Annotated[str, AfterValidator(web_url)]
Credential = Annotated[str, StringConstraints(max_length=4096), AfterValidator(credential)]
SecretCredential = Annotated[SecretStr, AfterValidator(secret_credential)]
