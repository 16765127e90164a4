"""Customer receivables per invoice (what is still owed) and per customer (including credits)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .errors import AccurateError
from .money import ZERO


@dataclass(frozen=True)
class InvoiceOwing:
    number: str
    customer_no: str
    total: Decimal
    paid: Decimal = ZERO  # receipts' paymentAmount (discounts included)
    returned: Decimal = ZERO  # sales returns applied to this invoice

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid - self.returned


@dataclass
class Receivables:
    invoices: dict[str, InvoiceOwing] = field(default_factory=dict)
    # Amounts owed by a customer that are not tied to an invoice (negative = customer credit).
    unapplied: dict[str, Decimal] = field(default_factory=dict)
    _undo: list[tuple[str, str, object]] = field(default_factory=list)

    def open_invoice(self, number: str, customer_no: str, total: Decimal) -> None:
        self._set_invoice(number, InvoiceOwing(number, customer_no, total))

    def owing(self, number: str) -> InvoiceOwing | None:
        return self.invoices.get(number)

    def pay(self, number: str, amount: Decimal) -> None:
        """Settle part of an invoice; overpayment is refused with Accurate's message."""
        owing = self.invoices[number]
        if amount > owing.outstanding:
            raise AccurateError(f'Pembayaran faktur "{number}" melebihi nilai piutang fakturnya')
        self._set_invoice(number, replace(owing, paid=owing.paid + amount))

    def apply_return(self, number: str, amount: Decimal) -> Decimal:
        """Reduce an invoice by a return; the part above its outstanding becomes customer credit."""
        owing = self.invoices[number]
        applied = min(amount, max(owing.outstanding, ZERO))
        self._set_invoice(number, replace(owing, returned=owing.returned + applied))
        excess = amount - applied
        if excess:
            self.adjust(owing.customer_no, -excess)
        return applied

    def adjust(self, customer_no: str, amount: Decimal) -> None:
        """Move a customer's balance without an invoice (returns without invoice, journal lines)."""
        self._undo.append(("unapplied", customer_no, self.unapplied.get(customer_no)))
        self.unapplied[customer_no] = self.unapplied.get(customer_no, ZERO) + amount

    def customer_balance(self, customer_no: str) -> Decimal:
        owed = sum((o.outstanding for o in self.invoices.values() if o.customer_no == customer_no), ZERO)
        return owed + self.unapplied.get(customer_no, ZERO)

    def customers(self) -> set[str]:
        return {o.customer_no for o in self.invoices.values()} | set(self.unapplied)

    def _set_invoice(self, number: str, owing: InvoiceOwing) -> None:
        self._undo.append(("invoice", number, self.invoices.get(number)))
        self.invoices[number] = owing

    def mark(self) -> int:
        return len(self._undo)

    def rollback_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            kind, key, previous = self._undo.pop()
            target: dict[str, Any] = self.invoices if kind == "invoice" else self.unapplied
            if previous is None:
                target.pop(key, None)
            else:
                target[key] = previous

    def forget_undo(self) -> None:
        self._undo.clear()
