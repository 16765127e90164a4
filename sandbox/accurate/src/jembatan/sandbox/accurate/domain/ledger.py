"""The general ledger: balanced journal entries, running balances per account and per customer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .money import ZERO


class UnbalancedJournal(AssertionError):
    """A posting rule produced debits != credits: a sandbox bug, never a client error."""


@dataclass(frozen=True)
class JournalLine:
    account_no: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    customer_no: str | None = None
    memo: str = ""

    @property
    def net(self) -> Decimal:
        """Debit minus credit."""
        return self.debit - self.credit


@dataclass(frozen=True)
class JournalEntry:
    entry_id: int
    trans_date: date
    source: str  # Accurate module, e.g. "sales-invoice"
    source_id: int
    number: str
    lines: tuple[JournalLine, ...]


@dataclass
class Ledger:
    """Append-only journal with running totals; ``rollback_to`` undoes entries of a failed document."""

    entries: list[JournalEntry] = field(default_factory=list)
    _net: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    _customer_net: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    _next_id: int = 1

    def post(self, trans_date: date, source: str, source_id: int, number: str,
             lines: list[JournalLine]) -> JournalEntry | None:
        """Record one document's journal after merging lines; refuses an unbalanced one."""
        merged = _merge(lines)
        if not merged:
            return None
        debit = sum((line.debit for line in merged), ZERO)
        credit = sum((line.credit for line in merged), ZERO)
        if debit != credit:
            raise UnbalancedJournal(f"{source} {number}: debit {debit} != credit {credit}")
        entry = JournalEntry(self._next_id, trans_date, source, source_id, number, tuple(merged))
        self._next_id += 1
        self.entries.append(entry)
        self._apply(entry, 1)
        return entry

    def mark(self) -> int:
        return len(self.entries)

    def rollback_to(self, mark: int) -> None:
        while len(self.entries) > mark:
            self._apply(self.entries.pop(), -1)

    def _apply(self, entry: JournalEntry, sign: int) -> None:
        for line in entry.lines:
            self._net[line.account_no] += sign * line.net
            if line.customer_no:
                self._customer_net[(line.account_no, line.customer_no)] += sign * line.net

    def net(self, account_no: str) -> Decimal:
        """Debit-minus-credit balance of one account over all time."""
        return self._net.get(account_no, ZERO)

    def customer_net(self, account_no: str, customer_no: str) -> Decimal:
        return self._customer_net.get((account_no, customer_no), ZERO)

    def customer_balances(self) -> dict[tuple[str, str], Decimal]:
        return {key: value for key, value in self._customer_net.items() if value != ZERO}

    def trial_balance(self) -> dict[str, Decimal]:
        return {no: value for no, value in sorted(self._net.items()) if value != ZERO}

    def net_between(self, account_no: str, start: date | None, end: date | None) -> Decimal:
        """Debit-minus-credit movement of an account for trans dates within [start, end]."""
        total = ZERO
        for entry in self.entries:
            if (start and entry.trans_date < start) or (end and entry.trans_date > end):
                continue
            total += sum((ln.net for ln in entry.lines if ln.account_no == account_no), ZERO)
        return total

    def movements(self, start: date | None, end: date | None,
                  keep: Callable[[JournalEntry], bool] | None = None) -> dict[str, Decimal]:
        """Net movement per account within a date range (for P&L and balance-sheet reports).

        ``keep`` narrows the entries further (e.g. to one branch's documents).
        """
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for entry in self.entries:
            if (start and entry.trans_date < start) or (end and entry.trans_date > end):
                continue
            if keep is not None and not keep(entry):
                continue
            for line in entry.lines:
                totals[line.account_no] += line.net
        return dict(totals)


def _merge(lines: list[JournalLine]) -> list[JournalLine]:
    """Net lines per (account, customer, memo) so a journal shows one debit or credit per account."""
    totals: dict[tuple[str, str | None, str], Decimal] = {}
    for line in lines:
        key = (line.account_no, line.customer_no, line.memo)
        totals[key] = totals.get(key, ZERO) + line.net
    merged = []
    for (account_no, customer_no, memo), net in totals.items():
        if net == ZERO:
            continue
        debit, credit = (net, ZERO) if net > 0 else (ZERO, -net)
        merged.append(JournalLine(account_no, debit, credit, customer_no, memo))
    return merged
