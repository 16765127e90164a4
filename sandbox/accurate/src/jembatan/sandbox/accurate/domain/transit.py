"""Goods in transit between an item transfer OUT and the transfers IN that receive it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .errors import AccurateError
from .money import ZERO, money


@dataclass(frozen=True)
class TransitLine:
    quantity: Decimal
    value: Decimal

    @property
    def unit_cost(self) -> Decimal:
        return self.value / self.quantity if self.quantity else ZERO


@dataclass
class GoodsInTransit:
    """Per TRANSFER_OUT number and item: quantity and value sent but not yet received."""

    lines: dict[tuple[str, str], TransitLine] = field(default_factory=dict)
    _undo: list[tuple[tuple[str, str], TransitLine | None]] = field(default_factory=list)

    def send(self, transfer_no: str, item_no: str, quantity: Decimal, value: Decimal) -> None:
        key = (transfer_no, item_no)
        current = self.lines.get(key, TransitLine(ZERO, ZERO))
        self._set(key, TransitLine(current.quantity + quantity, current.value + value))

    def receive(self, transfer_no: str, item_no: str, quantity: Decimal) -> Decimal:
        """Take goods out of transit; returns the value they carry at the OUT's cost."""
        key = (transfer_no, item_no)
        current = self.lines.get(key)
        if current is None or quantity > current.quantity:
            raise AccurateError(
                f'Kuantitas barang "{item_no}" melebihi sisa pemindahan "{transfer_no}" yang belum diterima')
        value = current.value if quantity == current.quantity else money(quantity * current.unit_cost)
        self._set(key, TransitLine(current.quantity - quantity, current.value - value))
        return value

    def remaining(self, transfer_no: str) -> dict[str, TransitLine]:
        return {item: line for (no, item), line in self.lines.items() if no == transfer_no and line.quantity}

    def total_value(self) -> Decimal:
        return sum((line.value for line in self.lines.values()), ZERO)

    def _set(self, key: tuple[str, str], line: TransitLine) -> None:
        self._undo.append((key, self.lines.get(key)))
        self.lines[key] = line

    def mark(self) -> int:
        return len(self._undo)

    def rollback_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            key, previous = self._undo.pop()
            if previous is None:
                self.lines.pop(key, None)
            else:
                self.lines[key] = previous

    def forget_undo(self) -> None:
        self._undo.clear()
