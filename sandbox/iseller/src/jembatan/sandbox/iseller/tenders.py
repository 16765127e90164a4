"""How an order is paid: one payment type, a split, or partly on account. Random but seeded."""

from __future__ import annotations

import random

from .arithmetic import percent_of
from .store import PAYMENT_TYPES, PaymentType

_WEIGHTS = {
    "Cash": 35,
    "EDC BCA Debit": 15,
    "EDC BCA Kredit": 8,
    "QRIS": 20,
    "Kartu Kredit iSeller Pay": 7,
    "GoPay": 8,
    "OVO": 7,
}
CASH = PAYMENT_TYPES[0]


def _pick(rng: random.Random) -> PaymentType:
    return rng.choices(PAYMENT_TYPES, weights=[_WEIGHTS[p.name] for p in PAYMENT_TYPES])[0]


def choose_tenders(rng: random.Random, due: int) -> list[tuple[PaymentType, int]]:
    """Payments summing to `due`: mostly one type, sometimes cash plus a second type."""
    if due <= 0:
        return []
    if due >= 40000 and rng.random() < 0.1:
        cash = (due // 2) // 10000 * 10000 or 10000
        other = rng.choice([p for p in PAYMENT_TYPES if p is not CASH])
        return [(CASH, cash), (other, due - cash)]
    return [(_pick(rng), due)]


def paid_now_on_account(rng: random.Random, total: int) -> int:
    """What a member pays at the till for an on-account order (nothing, or about half in cash)."""
    return 0 if rng.random() < 0.5 else (total // 2) // 1000 * 1000


def mdr_fee(payment: PaymentType, amount: int) -> int:
    return percent_of(amount, payment.mdr_rate) if payment.iseller_pay else 0
