"""Which window a fact belongs to, by the outlet's sync mode — pure, no I/O."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from jembatan.contracts.ledger import SyncMode
from jembatan.poster.domain.shift_readiness import (
    ShiftDecision,
    shift_covers,
    shift_decision,
    shift_discrepancies,
)
from jembatan.poster.domain.windows import WindowState, hours_span, place_after, place_sale, place_stock
from window_facts import at, outlet, sale, shift_close

WIB = timedelta(hours=7)


def test_a_real_time_order_is_a_window_of_its_own_closed_at_once():
    placed = place_sale(outlet(), "order:o1", at(3), None)
    assert placed is not None
    assert (placed.window_id, placed.closes_at_once) == ("order:o1", True)


def test_at_shift_close_an_order_with_a_shift_id_joins_that_shift():
    placed = place_sale(outlet(SyncMode.SHIFT_CLOSE), "order:o1", at(3), "S1")
    assert placed is not None and placed.window_id == "shift:S1" and not placed.closes_at_once


def test_at_shift_close_an_order_without_a_shift_id_waits_for_its_shift():
    assert place_sale(outlet(SyncMode.SHIFT_CLOSE), "order:o1", at(3), None) is None


def test_scheduled_hours_window_is_the_span_between_two_of_the_merchants_hours():
    shop = outlet(SyncMode.SCHEDULED, [12, 18, 23])
    placed = place_sale(shop, "order:o1", at(6), None)  # 13:00 WIB
    assert placed is not None
    assert placed.opened_at == datetime(2026, 11, 25, 12, tzinfo=UTC) - WIB
    assert placed.closed_at == datetime(2026, 11, 25, 18, tzinfo=UTC) - WIB
    assert placed.window_id == f"hours:outlet-ho:{placed.opened_at.isoformat()}"


def test_before_the_first_hour_of_the_day_the_window_began_at_yesterdays_last_hour():
    start, end = hours_span([12, 18, 23], at(1))  # 08:00 WIB
    assert start == datetime(2026, 11, 24, 23, tzinfo=UTC) - WIB
    assert end == datetime(2026, 11, 25, 12, tzinfo=UTC) - WIB


def test_an_order_exactly_on_an_hour_opens_the_next_span():
    on_the_hour = datetime(2026, 11, 25, 18, tzinfo=UTC) - WIB
    start, _ = hours_span([12, 18], on_the_hour)
    assert start == on_the_hour


def test_without_hours_a_scheduled_window_is_the_jakarta_day():
    start, end = hours_span([], at(3))
    assert (start + WIB).hour == 0 and end - start == timedelta(days=1)


def test_transfers_follow_the_transfer_switch_not_the_sales_mode():
    shop = outlet(SyncMode.SHIFT_CLOSE, [12, 18], transfer_sync=SyncMode.SCHEDULED)
    assert place_stock(shop, "transfer-out:t1", at(6)).window_id.startswith("stock-hours:outlet-ho:")
    realtime = outlet(SyncMode.SCHEDULED, [12], transfer_sync=SyncMode.REAL_TIME)
    assert place_stock(realtime, "transfer-out:t1", at(6)).closes_at_once


def test_a_late_fact_goes_to_the_first_scheduled_window_not_yet_posted():
    shop = outlet(SyncMode.SCHEDULED, [12, 18, 23])
    first = place_sale(shop, "order:o1", at(6), None)
    assert first is not None
    second_start = first.closed_at
    posted = {first.window_id, f"hours:outlet-ho:{second_start.isoformat()}"}
    later = place_after(first, shop, posted.__contains__)
    assert later is not None
    assert later.opened_at == datetime(2026, 11, 25, 23, tzinfo=UTC) - WIB


def test_a_late_shift_fact_waits_for_the_registers_next_shift():
    shop = outlet(SyncMode.SHIFT_CLOSE)
    placed = place_sale(shop, "order:o1", at(3), "S1")
    assert placed is not None
    assert place_after(placed, shop, lambda _: True) is None


def test_a_shift_covers_orders_of_its_register_closed_inside_its_open_and_close():
    close = shift_close("S1", at(0), at(7), outlet(SyncMode.SHIFT_CLOSE)).shift
    assert shift_covers(close, "reg-1", at(3))
    assert not shift_covers(close, "reg-2", at(3))
    assert not shift_covers(close, "reg-1", at(7.5))


def test_held_facts_matching_the_close_have_no_discrepancy():
    shop = outlet(SyncMode.SHIFT_CLOSE)
    close = shift_close("S1", at(0), at(7), shop, order_ids=["o1", "o2"], cash=Decimal(40000)).shift
    assert shift_discrepancies(close, [sale("o1", at(1), shop), sale("o2", at(2), shop)], []) == []


def test_a_missing_order_and_a_short_payment_total_are_discrepancies():
    shop = outlet(SyncMode.SHIFT_CLOSE)
    close = shift_close("S1", at(0), at(7), shop, order_ids=["o1", "o2"], cash=Decimal(40000)).shift
    problems = shift_discrepancies(close, [sale("o1", at(1), shop)], [])
    assert any("o2" in p for p in problems)
    assert any("Cash" in p and "20000" in p for p in problems)


def test_a_close_pulled_from_iseller_carries_nothing_to_check_so_it_never_matches():
    shop = outlet(SyncMode.SHIFT_CLOSE)
    assert shift_discrepancies(shift_close("S1", at(0), at(7), shop).shift, [sale("o1", at(1), shop)], [])


def test_a_shift_that_matches_posts_at_once():
    assert shift_decision(True, WindowState.OPEN, None, at(7)) == ShiftDecision.POST


def test_a_shift_that_does_not_match_waits_then_asks_ingest_then_posts_what_it_holds():
    assert shift_decision(False, WindowState.WAITING, at(8), at(7.5)) == ShiftDecision.WAIT
    assert shift_decision(False, WindowState.WAITING, at(8), at(8)) == ShiftDecision.ASK_INGEST
    assert shift_decision(False, WindowState.RECONCILING, at(9), at(9)) == ShiftDecision.POST
