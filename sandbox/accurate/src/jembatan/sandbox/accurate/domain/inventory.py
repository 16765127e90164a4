"""Average-cost perpetual inventory per (item, warehouse), with an undo log per document."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .errors import AccurateError
from .money import ZERO, money

StockKey = tuple[str, str]  # (item no, warehouse name)


@dataclass(frozen=True)
class StockCell:
    quantity: Decimal = ZERO
    value: Decimal = ZERO
    last_cost: Decimal = ZERO  # unit cost used while the cell is empty or negative

    @property
    def average_cost(self) -> Decimal:
        if self.quantity > 0:
            return self.value / self.quantity
        return self.last_cost


@dataclass
class Inventory:
    """Quantities and values; ``value`` always equals the inventory GL movements of its documents."""

    allow_negative: bool = True
    cells: dict[StockKey, StockCell] = field(default_factory=dict)
    _undo: list[tuple[StockKey, StockCell | None]] = field(default_factory=list)

    def cell(self, item_no: str, warehouse: str) -> StockCell:
        return self.cells.get((item_no, warehouse), StockCell())

    def quantity(self, item_no: str, warehouse: str | None = None) -> Decimal:
        if warehouse is not None:
            return self.cell(item_no, warehouse).quantity
        return sum((c.quantity for (no, _), c in self.cells.items() if no == item_no), ZERO)

    def receive(self, item_no: str, warehouse: str, quantity: Decimal, unit_cost: Decimal) -> Decimal:
        """Add stock at a unit cost; returns the value added (6 dp)."""
        cell = self.cell(item_no, warehouse)
        added = money(quantity * unit_cost)
        new_qty = cell.quantity + quantity
        new_value = cell.value + added
        if new_qty == ZERO:
            # The receipt exactly refills a negative cell: any value left is a cost difference.
            new_value = ZERO
            added = -cell.value
        self._set((item_no, warehouse), StockCell(new_qty, new_value, unit_cost if quantity else cell.last_cost))
        return added

    def receive_value(self, item_no: str, warehouse: str, quantity: Decimal, value: Decimal) -> Decimal:
        """Add stock carrying an exact value (goods from transit or another warehouse); returns it."""
        cell = self.cell(item_no, warehouse)
        unit_cost = value / quantity if quantity else cell.last_cost
        new_qty, new_value = cell.quantity + quantity, cell.value + value
        if new_qty == ZERO:
            value, new_value = -cell.value, ZERO
        self._set((item_no, warehouse), StockCell(new_qty, new_value, unit_cost))
        return value

    def issue(self, item_no: str, warehouse: str, quantity: Decimal) -> Decimal:
        """Remove stock at average cost; returns the cost relieved (6 dp)."""
        cell = self.cell(item_no, warehouse)
        if quantity > cell.quantity and not self.allow_negative:
            raise AccurateError(f'Kuantitas barang "{item_no}" di gudang "{warehouse}" tidak mencukupi')
        if cell.quantity > 0 and quantity >= cell.quantity:
            cost = cell.value + money((quantity - cell.quantity) * cell.average_cost)
        else:
            cost = money(quantity * cell.average_cost)
        new_qty = cell.quantity - quantity
        new_value = cell.value - cost
        self._set((item_no, warehouse), StockCell(new_qty, new_value, cell.average_cost))
        return cost

    def _set(self, key: StockKey, cell: StockCell) -> None:
        self._undo.append((key, self.cells.get(key)))
        self.cells[key] = replace(cell)

    def mark(self) -> int:
        return len(self._undo)

    def rollback_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            key, previous = self._undo.pop()
            if previous is None:
                self.cells.pop(key, None)
            else:
                self.cells[key] = previous

    def forget_undo(self) -> None:
        self._undo.clear()
