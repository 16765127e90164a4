"""Schedules a merchant can set, and the ones refused with a reason."""

import pytest
from jembatan.scheduler.domain.schedules import ScheduleKind, check_hours, check_outlet


def test_hours_are_kept_in_order():
    assert check_hours([18, 12, 0, 23]) == [0, 12, 18, 23]


@pytest.mark.parametrize("hours", [[25], [-1], [12, 24]])
def test_an_hour_outside_0_to_23_is_refused_naming_it(hours):
    with pytest.raises(ValueError, match=str(hours[-1])):
        check_hours(hours)


def test_a_repeated_hour_is_refused_naming_it():
    with pytest.raises(ValueError, match="repeated: 12"):
        check_hours([12, 18, 12])


def test_the_daily_reconciliation_belongs_to_the_tenant_not_an_outlet():
    with pytest.raises(ValueError, match="tenant as a whole"):
        check_outlet(ScheduleKind.DAILY_RECONCILIATION, "outlet-ho")
    check_outlet(ScheduleKind.DAILY_RECONCILIATION, "*")
    check_outlet(ScheduleKind.POSTING, "outlet-ho")
