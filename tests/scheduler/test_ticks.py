"""Which slots are due, including catch-up after downtime."""

from datetime import UTC, datetime, timedelta

from jembatan.scheduler.domain.ticks import MAX_CATCH_UP, due_slots, hourly_ticks, scheduled_ticks

NOW = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)
EVERY_HOUR = range(24)


def test_a_new_schedule_fires_only_the_current_hour():
    assert hourly_ticks(None, NOW) == [datetime(2026, 11, 25, 10, tzinfo=UTC)]


def test_nothing_is_due_twice_within_the_same_hour():
    assert hourly_ticks(datetime(2026, 11, 25, 10, tzinfo=UTC), NOW) == []


def test_missed_hours_are_caught_up_oldest_first():
    ticks = hourly_ticks(datetime(2026, 11, 25, 7, tzinfo=UTC), NOW)
    assert ticks == [datetime(2026, 11, 25, h, tzinfo=UTC) for h in (8, 9, 10)]


def test_catch_up_is_bounded():
    ticks = hourly_ticks(NOW - timedelta(days=30), NOW)
    assert len(ticks) == MAX_CATCH_UP // timedelta(hours=1)


def test_scheduled_hours_are_jakarta_hours():
    # 10:00 UTC is 17:00 in Jakarta
    assert scheduled_ticks([17], datetime(2026, 11, 25, 9, tzinfo=UTC), NOW) == [
        datetime(2026, 11, 25, 10, tzinfo=UTC)
    ]
    assert scheduled_ticks([12], datetime(2026, 11, 25, 9, tzinfo=UTC), NOW) == []


def test_a_slot_fired_within_minutes_of_its_hour_is_on_time():
    (slot,) = due_slots(EVERY_HOUR, datetime(2026, 11, 25, 9, tzinfo=UTC), NOW.replace(minute=1))
    assert not slot.catch_up


def test_slots_missed_while_down_are_each_marked_as_catch_ups():
    slots = due_slots(EVERY_HOUR, datetime(2026, 11, 25, 7, tzinfo=UTC), NOW)
    assert [(s.at.hour, s.catch_up) for s in slots] == [(8, True), (9, True), (10, True)]
