"""list.do: ``filter.<f>.op`` / ``.val[n]``, ``sp.sort`` and ``fields`` over stored records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..domain.dates import parse_date, parse_timestamp
from ..domain.errors import invalid_field
from ..domain.money import to_decimal
from ..store.table import Record

OPERATORS = {
    "EQUAL", "NOT_EQUAL", "GREATER_THAN", "GREATER_EQUAL_THAN", "LESS_THAN", "LESS_EQUAL_THAN",
    "BETWEEN", "NOT_BETWEEN", "EMPTY", "NOT_EMPTY", "CONTAIN",
}
KEYWORD_FIELDS = ("number", "no", "name", "customerNo", "description", "upcNo")


def parse_filters(params: dict[str, Any]) -> dict[str, tuple[str, list[Any]]]:
    """Collect ``filter.x.op``/``filter.x.val``/``filter.x.val[n]`` and the short ``filter.x=v`` form."""
    found: dict[str, dict[str, Any]] = {}
    for key, value in params.items():
        if not key.startswith("filter."):
            continue
        rest = key[len("filter."):]
        name, _, part = rest.partition(".")
        if part not in ("op", "") and not part.startswith("val"):
            continue  # §3.2 [OBSERVED]: filter.x.from / filter.x.to (and other parts) are ignored silently
        entry = found.setdefault(name, {"op": None, "vals": {}})
        if part == "op":
            entry["op"] = str(value).strip().upper()
        elif part == "":
            entry["vals"][-1] = value
        elif part.startswith("val"):
            index = part[3:].strip("[]") or "0"
            values = value if isinstance(value, list) else [value]
            for offset, item in enumerate(values):
                entry["vals"][int(index) + offset if index.isdigit() else offset] = item
    filters = {}
    for name, entry in found.items():
        op = entry["op"] or "EQUAL"
        if op not in OPERATORS:
            raise invalid_field(f"filter.{name}.op")
        filters[name] = (op, [entry["vals"][k] for k in sorted(entry["vals"])])
    return filters


def lookup(record: Record, name: str) -> Any:
    """A field of the record, or of one of its nested references (``customerNo`` in ``customer``)."""
    if name in record:
        return record[name]
    for value in record.values():
        if isinstance(value, dict) and name in value:
            return value[name]
    return None


def _coerce(sample: Any, raw: Any, name: str) -> Any:
    if isinstance(sample, datetime):
        return parse_timestamp(raw, name)
    if isinstance(sample, date):
        return parse_date(raw, name)
    if isinstance(sample, bool):
        return str(raw).lower() in {"true", "1"}
    if isinstance(sample, Decimal | int) and not isinstance(sample, bool):
        return to_decimal(raw, name)
    return str(raw)


def matches(record: Record, name: str, op: str, raw_values: list[Any]) -> bool:
    if name == "keywords":
        needle = str(raw_values[0] if raw_values else "").casefold()
        return any(needle in str(record.get(f) or "").casefold() for f in KEYWORD_FIELDS)
    value = lookup(record, name)
    empty = value is None or value == "" or value == []
    if op in {"EMPTY", "NOT_EMPTY"}:
        return empty == (op == "EMPTY")
    if empty:
        return op in {"NOT_EQUAL", "NOT_BETWEEN"}
    values = [_coerce(value, raw, f"filter.{name}.val") for raw in raw_values]
    if not values:
        raise invalid_field(f"filter.{name}.val")
    if isinstance(value, str):
        value, values = value.casefold(), [str(v).casefold() for v in values]
    if op == "EQUAL":
        return value in values
    if op == "NOT_EQUAL":
        return value not in values
    if op == "CONTAIN":
        return any(str(v) in str(value) for v in values)
    if op in {"BETWEEN", "NOT_BETWEEN"}:
        if len(values) < 2:
            raise invalid_field(f"filter.{name}.val")
        inside = values[0] <= value <= values[1]
        return inside == (op == "BETWEEN")
    return {
        "GREATER_THAN": value > values[0], "GREATER_EQUAL_THAN": value >= values[0],
        "LESS_THAN": value < values[0], "LESS_EQUAL_THAN": value <= values[0],
    }[op]


def sort_records(records: list[Record], sort: str | None) -> list[Record]:
    """``sp.sort=field|asc;field2|desc``; default by id ascending."""
    ordered = sorted(records, key=lambda r: r["id"])
    if not sort:
        return ordered
    for clause in reversed([c for c in sort.split(";") if c.strip()]):
        field, _, direction = clause.partition("|")
        field = field.strip()
        reverse = direction.strip().lower() == "desc"
        present = [r for r in ordered if lookup(r, field) is not None]
        missing = [r for r in ordered if lookup(r, field) is None]
        present.sort(key=lambda r, f=field: _sortable(lookup(r, f)), reverse=reverse)  # type: ignore[misc]
        ordered = present + missing
    return ordered


def _sortable(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def select_fields(record: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Only the requested fields; names that do not exist come back as null, without error."""
    return {name: record.get(name) for name in fields}
