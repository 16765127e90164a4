"""``sp.page`` / ``sp.pageSize`` paging and the ``sp`` block of list replies."""

from __future__ import annotations

import math
from typing import Any, TypeVar

from ..assumptions import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from ..domain.errors import invalid_field
from .fields import Params

T = TypeVar("T")


def _positive_int(params: Params, name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise invalid_field(name) from None
    if number < 1:
        raise invalid_field(name)
    return number


def page_of(rows: list[T], params: Params) -> tuple[list[T], dict[str, Any]]:
    page = _positive_int(params, "sp.page", 1)
    size = min(_positive_int(params, "sp.pageSize", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    start = (page - 1) * size
    sp = {"page": page, "pageSize": size, "pageCount": math.ceil(len(rows) / size), "rowCount": len(rows),
          "start": start}
    if params.get("sp.sort"):
        sp["sort"] = params["sp.sort"]
    return rows[start:start + size], sp
