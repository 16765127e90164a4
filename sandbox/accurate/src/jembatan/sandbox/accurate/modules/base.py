"""What every Accurate module declares: names, keys, scopes, and its build / post rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..store.database import Database
from ..store.table import Record
from .fields import Params

# An extra action such as item/get-stock.do: (scope suffix, handler(db, params) -> envelope dict).
ExtraHandler = Callable[[Database, Params], dict[str, Any]]


@dataclass(frozen=True)
class Extra:
    scope_suffix: str  # "view" or "save"
    handler: ExtraHandler


class Module:
    """A module of the data host, ``/accurate/api/<name>/<action>.do``."""

    name: str = ""
    entity: str = ""  # Indonesian name used in "<entity> tidak tepat"
    key_param: str = "number"  # business key accepted by detail.do / delete.do
    key_label: str = "No Bukti"  # used in "Sudah ada data lain dengan <label>"
    bulk: bool = True
    posts: bool = False  # writes to the books (documents, and masters with opening balances)
    auto_number: bool = True
    line_arrays: tuple[str, ...] = ()
    detail_only: frozenset[str] = frozenset()
    live_fields: frozenset[str] = frozenset()  # names ``live`` computes (filterable in list.do)
    save_scope_for_delete: bool = False  # sales-invoice/delete.do needs sales_invoice_save

    @property
    def scope(self) -> str:
        return self.name.replace("-", "_")

    @property
    def extras(self) -> dict[str, Extra]:
        return {}

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        """Validate a save request and return the full record (no id yet); raise AccurateError."""
        raise NotImplementedError

    def post(self, db: Database, record: Record) -> None:
        """Write the record's effects to ``db.books`` (inside a document transaction)."""

    def references(self, record: Record) -> list[tuple[str, str]]:
        """(module, business key) pairs this record uses; such records cannot be deleted."""
        return []

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        """Fields computed from the books at read time (balances, outstanding)."""
        return {}

    def saved_message(self, record: Record) -> str:
        key = record.get(self.key_field_name) or record.get("name") or record["id"]
        return f'{self.entity} "{key}" berhasil disimpan'

    @property
    def key_field_name(self) -> str:
        return {"no": "no", "customerNo": "customerNo", "branchName": "name", "name": "name"}.get(
            self.key_param, self.key_param)
