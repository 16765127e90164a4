"""A database's books: ledger, inventory, receivables and goods in transit, committed per document."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .inventory import Inventory
from .ledger import Ledger
from .receivables import Receivables
from .transit import GoodsInTransit


@dataclass
class Books:
    ledger: Ledger = field(default_factory=Ledger)
    inventory: Inventory = field(default_factory=Inventory)
    receivables: Receivables = field(default_factory=Receivables)
    transit: GoodsInTransit = field(default_factory=GoodsInTransit)

    @contextmanager
    def document(self) -> Iterator[None]:
        """All-or-nothing: a document that fails half-way leaves no trace in any book."""
        marks = (self.ledger.mark(), self.inventory.mark(), self.receivables.mark(), self.transit.mark())
        try:
            yield
        except BaseException:
            self.ledger.rollback_to(marks[0])
            self.inventory.rollback_to(marks[1])
            self.receivables.rollback_to(marks[2])
            self.transit.rollback_to(marks[3])
            raise
        self.inventory.forget_undo()
        self.receivables.forget_undo()
        self.transit.forget_undo()
