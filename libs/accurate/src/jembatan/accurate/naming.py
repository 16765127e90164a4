"""Small request helpers: module/action names, the one key of detail/delete, records to dicts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jembatan.accurate.documents.base import AccurateDocument
from jembatan.accurate.paging import to_param

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


def as_record(record: Mapping[str, Any] | AccurateDocument) -> dict[str, Any]:
    """A typed document as its Accurate body, or a plain mapping copied."""
    return record.to_accurate() if isinstance(record, AccurateDocument) else dict(record)


def one_key(id: int | None, key: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query parameters for exactly one of ``id`` or a business key (``number``, ``no``, ...)."""
    given = {name: value for name, value in key.items() if value is not None}
    if id is not None:
        given["id"] = id
    if len(given) != 1:
        raise ValueError(f"pass exactly one of id= or a business key, got {sorted(given) or 'none'}")
    return [(name, to_param(value)) for name, value in given.items()]


def check_name(name: str) -> None:
    """Refuse module/action names that could leave the API path."""
    if not _NAME.match(name):
        raise ValueError(f"not an Accurate module/action name: {name!r}")
