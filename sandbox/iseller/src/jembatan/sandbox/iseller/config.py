"""How big and how busy the simulated store is. `DEMO` is the small preset; `sized` scales it."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class StoreConfig:
    store_name: str = "toko-jembatan"
    outlets: int = 2
    registers_per_outlet: int = 1
    shifts_per_register: int = 2
    orders_per_shift: int = 8
    members: int = 6
    member_order_rate: float = 0.35  # share of orders rung up for a member
    on_account_rate: float = 0.3  # share of member orders put (partly) on account
    settle_rate: float = 0.6  # share of on-account orders the member pays off the same day
    refund_rate: float = 0.25
    void_rate: float = 0.05
    draft_rate: float = 0.15  # dine-in bills opened as drafts before they are paid
    transfers: int = 2  # the last one is still in transit at the end of the day
    adjustments_per_outlet: int = 1
    counts_per_outlet: int = 1
    opening_hour: int = 7  # local time (WIB, UTC+7)
    closing_hour: int = 22
    # Shifts as real iSeller shows them: no shift id on orders, no shift-close webhook; shifts only
    # through the pull API's GetRegisterShifts (see realistic.py).
    realistic_shifts: bool = False
    # Every product its own SKU (the default catalogue has a shared SKU and one without: parked).
    clean_catalogue: bool = False

    @property
    def order_count(self) -> int:
        return self.outlets * self.registers_per_outlet * self.shifts_per_register * self.orders_per_shift


DEMO = StoreConfig()


def sized(orders: int, outlets: int = 4, registers_per_outlet: int = 2) -> StoreConfig:
    """A benchmark store with about `orders` completed-or-void orders in one day."""
    shifts = 2
    per_shift = max(1, round(orders / (outlets * registers_per_outlet * shifts)))
    return replace(
        DEMO,
        outlets=outlets,
        registers_per_outlet=registers_per_outlet,
        shifts_per_register=shifts,
        orders_per_shift=per_shift,
        members=max(6, orders // 20),
        transfers=max(2, outlets),
    )
