"""List parameters (fields, filters, paging, sort) and the page they come back in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from jembatan.accurate.dates import accurate_date, accurate_timestamp

DEFAULT_PAGE_SIZE = 100
OPERATORS = frozenset(
    {
        "EQUAL", "NOT_EQUAL", "GREATER_THAN", "GREATER_EQUAL_THAN", "LESS_THAN", "LESS_EQUAL_THAN",
        "BETWEEN", "NOT_BETWEEN", "EMPTY", "NOT_EMPTY", "CONTAIN",
    }
)  # fmt: skip

FilterValue = Any  # scalar (short form) or (operator, value | [values])


@dataclass(frozen=True)
class Page:
    """One page of ``list.do`` rows with Accurate's paging numbers (``sp``)."""

    rows: list[dict[str, Any]]
    page: int
    page_size: int
    page_count: int | None = None
    row_count: int | None = None
    paging: dict[str, Any] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        """Whether another page follows this one."""
        if self.page_count is not None:
            return self.page < self.page_count
        return len(self.rows) >= self.page_size > 0

    @classmethod
    def from_reply(cls, rows: Any, paging: Mapping[str, Any], page: int, page_size: int) -> Page:
        """Build from ``d`` and ``sp``; missing paging numbers fall back to what was asked."""
        return cls(
            rows=[row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else [],
            page=_int(paging.get("page")) or page,
            page_size=_int(paging.get("pageSize")) or page_size,
            page_count=_int(paging.get("pageCount")),
            row_count=_int(paging.get("rowCount")),
            paging=dict(paging),
        )


def list_params(
    fields: Iterable[str] | None,
    filters: Mapping[str, FilterValue] | None,
    page: int,
    page_size: int,
    sort: str | None,
    extra: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """Query parameters for ``list.do``; ``id`` is always among the fields."""
    params: list[tuple[str, str]] = []
    if fields is not None:
        names = list(dict.fromkeys(["id", *fields]))
        params.append(("fields", ",".join(names)))
    params += [("sp.page", str(page)), ("sp.pageSize", str(page_size))]
    if sort:
        params.append(("sp.sort", sort))
    for name, spec in (filters or {}).items():
        params += filter_params(name, spec)
    for name, value in (extra or {}).items():
        params.append((name, to_param(value)))
    return params


def filter_params(name: str, spec: FilterValue) -> list[tuple[str, str]]:
    """``{"no": ("EQUAL", "SKU-1")}`` → ``filter.no.op=EQUAL&filter.no.val=SKU-1``.

    A list of values becomes ``val[0]``, ``val[1]`` (BETWEEN takes two); a bare value uses the short
    form ``filter.<name>=<value>``; ``("EMPTY",)`` or ``("EMPTY", None)`` sends only the operator.
    """
    if not isinstance(spec, tuple):
        return [(f"filter.{name}", to_param(spec))]
    operator = str(spec[0]).upper()
    if operator not in OPERATORS:
        raise ValueError(f"unknown Accurate filter operator {operator!r} for {name!r}")
    params = [(f"filter.{name}.op", operator)]
    value = spec[1] if len(spec) > 1 else None
    if isinstance(value, list | tuple):
        params += [(f"filter.{name}.val[{index}]", to_param(item)) for index, item in enumerate(value)]
    elif value is not None:
        params.append((f"filter.{name}.val", to_param(value)))
    return params


def to_param(value: Any) -> str:
    """Render one query value the way Accurate expects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return accurate_timestamp(value)
    if isinstance(value, date):
        return accurate_date(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ",".join(to_param(item) for item in value)
    return str(value)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
