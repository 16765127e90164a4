"""What a merchant can schedule, and which schedules are valid — pure."""

from __future__ import annotations

from enum import StrEnum

from jembatan.contracts.sync import TriggerKind

WHOLE_TENANT = "*"  # the outlet id that stands for the tenant as a whole
EVERY_HOUR = tuple(range(24))
DAILY_RECONCILIATION_HOUR = 2  # Jakarta: after the last shift closed, before the next day opens


class ScheduleKind(StrEnum):
    """The schedules an operator reads and changes, each firing one kind of trigger."""

    POSTING = "posting"  # an outlet's posting hours (outlets in "scheduled hours" mode)
    TRANSFERS = "transfers"  # when stock transfers are posted
    STOCK_COUNTS = "stock_counts"  # when stock counts are posted
    HOUSEKEEPING = "housekeeping"  # retry what can be retried, close overdue windows
    RECONCILIATION_PULL = "reconciliation_pull"  # ingest pulls the last window from iSeller
    DAILY_RECONCILIATION = "daily_reconciliation"  # iSeller's day against Accurate's books

    @property
    def trigger(self) -> TriggerKind:
        return TRIGGERS[self]

    @property
    def whole_tenant_only(self) -> bool:
        return self in {ScheduleKind.RECONCILIATION_PULL, ScheduleKind.DAILY_RECONCILIATION}


TRIGGERS = {
    ScheduleKind.POSTING: TriggerKind.SCHEDULED_HOUR,
    ScheduleKind.TRANSFERS: TriggerKind.TRANSFER_SYNC,
    ScheduleKind.STOCK_COUNTS: TriggerKind.STOCK_COUNT_SYNC,
    ScheduleKind.HOUSEKEEPING: TriggerKind.HOURLY,
    ScheduleKind.RECONCILIATION_PULL: TriggerKind.RECONCILE,
    ScheduleKind.DAILY_RECONCILIATION: TriggerKind.DAILY_RECONCILIATION,
}


def tenant_defaults() -> dict[ScheduleKind, list[int]]:
    """What a tenant gets the first time any of its schedules is set."""
    return {
        ScheduleKind.RECONCILIATION_PULL: list(EVERY_HOUR),
        ScheduleKind.DAILY_RECONCILIATION: [DAILY_RECONCILIATION_HOUR],
    }


def outlet_defaults() -> dict[ScheduleKind, list[int]]:
    """What an outlet gets the first time any of its schedules is set."""
    return {ScheduleKind.HOUSEKEEPING: list(EVERY_HOUR)}


def check_hours(hours: list[int]) -> list[int]:
    """The hours sorted; a ValueError in the merchant's words when one is not 0–23 or repeats."""
    wrong = [h for h in hours if not 0 <= h <= 23]
    if wrong:
        raise ValueError(f"hours are Jakarta hours 0-23; not {', '.join(map(str, wrong))}")
    repeated = sorted({h for h in hours if hours.count(h) > 1})
    if repeated:
        raise ValueError(f"each hour once; repeated: {', '.join(map(str, repeated))}")
    return sorted(hours)


def check_outlet(kind: ScheduleKind, outlet_id: str) -> None:
    """Tenant-wide schedules belong to the outlet id "*"."""
    if kind.whole_tenant_only and outlet_id != WHOLE_TENANT:
        raise ValueError(f"{kind.value} is scheduled for the tenant as a whole: use outlet {WHOLE_TENANT!r}")
