"""One Accurate database ("Data Usaha"): its masters, documents, books and numbering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..assumptions import ALLOW_NEGATIVE_STOCK, AUTO_NUMBER_PREFIX, MASTER_NUMBER_PREFIX
from ..domain.books import CompanyBooks
from ..domain.chart import DefaultAccounts
from ..domain.dates import now_utc
from .table import Record, Table

KEY_FIELDS = {
    "vendor": "vendorNo",
    "item": "no", "customer": "customerNo", "glaccount": "no", "branch": "name", "warehouse": "name",
    "tax": "description", "payment-term": "name",
}
DOCUMENT_KEY = "number"


@dataclass
class Database:
    id: int
    alias: str
    start_date: date
    accounts: DefaultAccounts = field(default_factory=DefaultAccounts)
    tables: dict[str, Table] = field(default_factory=dict)
    books: CompanyBooks = field(default_factory=CompanyBooks)
    # Records that post to the books, in posting order (replayed after an edit or a delete).
    posting_order: list[tuple[str, int]] = field(default_factory=list)
    # The merged request of every saved record, so an update can merge lines by id.
    inputs: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    created_at: datetime = field(default_factory=now_utc)
    _next_id: int = 100

    def __post_init__(self) -> None:
        self.books.inventory.allow_negative = ALLOW_NEGATIVE_STOCK

    def table(self, module: str) -> Table:
        if module not in self.tables:
            self.tables[module] = Table(KEY_FIELDS.get(module, DOCUMENT_KEY))
        return self.tables[module]

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def next_number(self, module: str, trans_date: date | None) -> str:
        """Accurate-style auto number (``SI.2026.01.00001``), skipping numbers already taken."""
        table = self.table(module)
        if module in MASTER_NUMBER_PREFIX:
            prefix, width = MASTER_NUMBER_PREFIX[module], 5
        else:
            day = trans_date or self.start_date
            prefix, width = f"{AUTO_NUMBER_PREFIX.get(module, 'DOC')}.{day:%Y}.{day:%m}.", 5
        while True:
            self.counters[prefix] = self.counters.get(prefix, 0) + 1
            candidate = f"{prefix}{self.counters[prefix]:0{width}d}"
            if table.find(candidate) is None:
                return candidate

    def branch_count(self) -> int:
        return len(self.table("branch"))

    def find(self, module: str, key: str) -> Record | None:
        return self.table(module).find(key)
