"""A database's books: ledger, inventory, receivables and goods in transit, committed per document."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from .inventory import Inventory
from .ledger import Ledger
from .receivables import Receivables
from .transit import GoodsInTransit


@dataclass
class CompanyBooks:
    """One sandbox database's books: its ledger, inventory, receivables and goods in transit."""

    ledger: Ledger = field(default_factory=Ledger)
    inventory: Inventory = field(default_factory=Inventory)
    receivables: Receivables = field(default_factory=Receivables)
    transit: GoodsInTransit = field(default_factory=GoodsInTransit)
    # Unit cost at which each invoice relieved each item (sales returns put goods back at it).
    sale_costs: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    _cost_undo: list[tuple[tuple[str, str], Decimal | None]] = field(default_factory=list)

    @contextmanager
    def document(self) -> Iterator[None]:
        """All-or-nothing: a document that fails half-way leaves no trace in any book."""
        marks = (self.ledger.mark(), self.inventory.mark(), self.receivables.mark(), self.transit.mark())
        cost_mark = len(self._cost_undo)
        try:
            yield
        except BaseException:
            while len(self._cost_undo) > cost_mark:
                key, previous = self._cost_undo.pop()
                if previous is None:
                    self.sale_costs.pop(key, None)
                else:
                    self.sale_costs[key] = previous
            self.ledger.rollback_to(marks[0])
            self.inventory.rollback_to(marks[1])
            self.receivables.rollback_to(marks[2])
            self.transit.rollback_to(marks[3])
            raise
        self.inventory.forget_undo()
        self.receivables.forget_undo()
        self.transit.forget_undo()
        self._cost_undo.clear()

    def remember_sale_cost(self, invoice_no: str, item_no: str, unit_cost: Decimal) -> None:
        key = (invoice_no, item_no)
        self._cost_undo.append((key, self.sale_costs.get(key)))
        self.sale_costs[key] = unit_cost
