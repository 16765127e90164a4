"""Money and time as the merchant reads them."""

from datetime import UTC, datetime
from decimal import Decimal

from jembatan.console.formatting import rupiah, wib


def test_rupiah_groups_thousands_with_dots_in_indonesian():
    assert rupiah(Decimal("1234567"), "id") == "Rp 1.234.567"


def test_rupiah_groups_thousands_with_commas_in_english():
    assert rupiah(Decimal("1234567"), "en") == "Rp 1,234,567"


def test_rupiah_rounds_half_up_to_the_rupiah():
    assert rupiah(Decimal("220.5"), "id") == "Rp 221"
    assert rupiah(Decimal("220.49"), "id") == "Rp 220"


def test_rupiah_puts_the_sign_before_the_currency():
    assert rupiah(Decimal("-5000"), "en") == "-Rp 5,000"


def test_times_are_shown_in_wib_with_the_zone_written_out():
    assert wib(datetime(2026, 11, 25, 3, 0, tzinfo=UTC)) == "25-11-2026 10:00 WIB"


def test_indonesian_times_use_a_dot_between_hours_and_minutes():
    assert wib("2026-11-25T17:30:00+00:00", "id") == "26-11-2026 00.30 WIB"


def test_a_naive_time_from_a_service_is_taken_as_utc():
    assert wib("2026-11-25T03:00:00") == "25-11-2026 10:00 WIB"


def test_a_missing_time_is_a_dash():
    assert wib(None) == "—"
