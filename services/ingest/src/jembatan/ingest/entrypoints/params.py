"""What the admin API accepts, bounded to what the database can hold (a long or odd value is a
422, never a 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, StringConstraints

MAX_ROW_ID = 2**31 - 1  # PostgreSQL `integer`
MAX_LIST = 1000


def _printable(value: str) -> str:
    if not value.isprintable():
        raise ValueError("must not contain control characters")
    return value


def _http_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be an http(s) URL")
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_printable)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_printable)]
Secret = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_printable)]
Url = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    AfterValidator(_printable),
    AfterValidator(_http_url),
]
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIST)]
