"""The merchant around the catalogue: outlets with their tax profile, registers and shifts,
payment types and members."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from .catalogue import random_id
from .config import StoreConfig

WIB = timedelta(hours=7)  # iSeller stores UTC; the shop floor lives in UTC+7


@dataclass(frozen=True)
class Outlet:
    outlet_id: str
    outlet_code: str
    outlet_name: str
    tax_rate: Decimal  # PPN percent; 0 when the outlet does not charge it
    tax_inclusive: bool
    service_charge_rate: Decimal  # percent of the subtotal, taxable; 0 when none
    rounding_unit: int  # 0 = no cash rounding
    packaging_fee: int  # final-placement charge on take-away orders; 0 when none


@dataclass(frozen=True)
class Shift:
    register_shift_id: str
    register_id: str
    register_name: str
    outlet: Outlet
    open_date: datetime
    closed_date: datetime

    def covers(self, moment: datetime) -> bool:
        return self.open_date <= moment < self.closed_date


@dataclass(frozen=True)
class PaymentType:
    gateway: str
    name: str
    mdr_rate: Decimal = Decimal(0)  # percent, iSeller Pay only

    @property
    def iseller_pay(self) -> bool:
        return self.gateway == "iseller_pay"


@dataclass(frozen=True)
class Member:
    customer_id: str
    external_customer_id: str
    first_name: str
    last_name: str
    phone_number: str
    email: str | None


PAYMENT_TYPES = (
    PaymentType("cash", "Cash"),
    PaymentType("external_debit", "EDC BCA Debit"),
    PaymentType("external_credit", "EDC BCA Kredit"),
    PaymentType("iseller_pay", "QRIS", Decimal("0.7")),
    PaymentType("iseller_pay", "Kartu Kredit iSeller Pay", Decimal("2.75")),
    PaymentType("custom", "GoPay"),
    PaymentType("custom", "OVO"),
)

_PROFILES = (  # (code, name, tax rate, inclusive, service charge, rounding, packaging fee)
    ("HO", "Jembatan Kemang", Decimal(11), False, Decimal(5), 100, 2000),
    ("KG", "Jembatan Kelapa Gading", Decimal(11), True, Decimal(0), 0, 0),
    ("BSD", "Jembatan BSD", Decimal(0), False, Decimal(0), 500, 0),
)
_FIRST = ("Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Putri", "Andi", "Wati", "Eko")
_LAST = ("Santoso", "Wijaya", "Hartono", "Lestari", "Saputra", "Kusuma", "Pratama", "Halim")


def new_id(rng: random.Random) -> str:
    return random_id(rng)


def build_outlets(rng: random.Random, config: StoreConfig) -> list[Outlet]:
    outlets = []
    for n in range(config.outlets):
        code, name, rate, inclusive, service, unit, fee = _PROFILES[n % len(_PROFILES)]
        if n >= len(_PROFILES):
            code, name = f"{code}{n // len(_PROFILES) + 1}", f"{name} {n // len(_PROFILES) + 1}"
        outlets.append(Outlet(new_id(rng), code, name, rate, inclusive, service, unit, fee))
    return outlets


def build_shifts(rng: random.Random, config: StoreConfig, outlets: list[Outlet], day: date) -> list[Shift]:
    """Back-to-back shifts per register from opening to closing hour (local time)."""
    opening = datetime(day.year, day.month, day.day, config.opening_hour, tzinfo=UTC) - WIB
    length = timedelta(hours=config.closing_hour - config.opening_hour) / config.shifts_per_register
    shifts = []
    for outlet in outlets:
        for r in range(config.registers_per_outlet):
            register_id, name = new_id(rng), f"Register #{outlet.outlet_code}-{r + 1}"
            for s in range(config.shifts_per_register):
                start = opening + s * length
                shifts.append(Shift(new_id(rng), register_id, name, outlet, start, start + length))
    return shifts


def build_members(rng: random.Random, config: StoreConfig) -> list[Member]:
    members = []
    for n in range(config.members):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = f"{first.lower()}.{last.lower()}{n}@example.com" if rng.random() < 0.6 else None
        members.append(
            Member(new_id(rng), f"C-{n + 1:04d}", first, last, f"0812{rng.randrange(10**7, 10**8)}", email)
        )
    return members
