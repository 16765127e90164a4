"""A table of records (plain dicts in Accurate's field names) with an id and a business-key index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Record = dict[str, Any]


class Table:
    def __init__(self, key_field: str | None) -> None:
        self.key_field = key_field
        self.rows: dict[int, Record] = {}
        self._by_key: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.rows.values())

    def get(self, record_id: int) -> Record | None:
        return self.rows.get(record_id)

    def find(self, key: str) -> Record | None:
        record_id = self._by_key.get(key.casefold())
        return self.rows.get(record_id) if record_id is not None else None

    def put(self, record: Record) -> None:
        """Insert or replace a record by its id, re-indexing its business key."""
        old = self.rows.get(record["id"])
        if old is not None and self.key_field and old.get(self.key_field):
            self._by_key.pop(str(old[self.key_field]).casefold(), None)
        self.rows[record["id"]] = record
        if self.key_field and record.get(self.key_field):
            self._by_key[str(record[self.key_field]).casefold()] = record["id"]

    def remove(self, record_id: int) -> Record | None:
        record = self.rows.pop(record_id, None)
        if record is not None and self.key_field and record.get(self.key_field):
            self._by_key.pop(str(record[self.key_field]).casefold(), None)
        return record
