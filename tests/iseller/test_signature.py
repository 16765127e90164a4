"""The webhook signature: SHA-256 of API key + raw body + Timestamp, uppercase hex, with a replay window."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from jembatan.contracts.iseller.signature import SignatureError, format_timestamp, sign, verify

BODY = b'{"order_id":"o-1","status":"completed"}'
STAMP = "2019-11-29T06:06:40.0476436Z"
SENT = datetime(2019, 11, 29, 6, 6, 40, 47643, tzinfo=UTC)
NOW = SENT + timedelta(seconds=80)


def test_signature_is_uppercase_sha256_of_key_body_timestamp() -> None:
    expected = hashlib.sha256(b"test-api-key" + BODY + STAMP.encode()).hexdigest().upper()
    assert sign("test-api-key", BODY, STAMP) == expected


def test_good_signature_with_seven_fraction_digits_verifies() -> None:
    verify("test-api-key", BODY, STAMP, sign("test-api-key", BODY, STAMP), now=NOW)


def test_lowercase_signature_is_accepted() -> None:
    verify("test-api-key", BODY, STAMP, sign("test-api-key", BODY, STAMP).lower(), now=NOW)


def test_tampered_body_is_a_mismatch() -> None:
    with pytest.raises(SignatureError) as caught:
        verify(
            "test-api-key", BODY.replace(b"o-1", b"o-2"), STAMP, sign("test-api-key", BODY, STAMP), now=NOW
        )
    assert caught.value.reason == "mismatch"


def test_tampered_timestamp_is_a_mismatch() -> None:
    other = "2019-11-29T06:06:41.0476436Z"
    with pytest.raises(SignatureError) as caught:
        verify("test-api-key", BODY, other, sign("test-api-key", BODY, STAMP), now=NOW)
    assert caught.value.reason == "mismatch"


def test_wrong_key_is_a_mismatch() -> None:
    with pytest.raises(SignatureError) as caught:
        verify("test-api-key", BODY, STAMP, sign("another-test-key", BODY, STAMP), now=NOW)
    assert caught.value.reason == "mismatch"


@pytest.mark.parametrize("skew", [timedelta(minutes=6), -timedelta(minutes=6)])
def test_timestamp_outside_the_window_is_stale(skew: timedelta) -> None:
    with pytest.raises(SignatureError) as caught:
        verify("test-api-key", BODY, STAMP, sign("test-api-key", BODY, STAMP), now=SENT + skew)
    assert caught.value.reason == "stale"


def test_window_is_configurable() -> None:
    later = NOW + timedelta(minutes=20)
    verify(
        "test-api-key", BODY, STAMP, sign("test-api-key", BODY, STAMP), now=later, window=timedelta(hours=1)
    )


@pytest.mark.parametrize(("stamp", "signature"), [(None, "AB"), (STAMP, None), ("", "AB"), (STAMP, "")])
def test_missing_headers_are_refused(stamp: str | None, signature: str | None) -> None:
    with pytest.raises(SignatureError) as caught:
        verify("test-api-key", BODY, stamp, signature, now=NOW)
    assert caught.value.reason == "missing"


def test_malformed_timestamp_is_refused() -> None:
    with pytest.raises(SignatureError) as caught:
        verify("test-api-key", BODY, "yesterday", sign("test-api-key", BODY, "yesterday"), now=NOW)
    assert caught.value.reason == "malformed_timestamp"


def test_formatted_timestamp_round_trips() -> None:
    stamp = format_timestamp(NOW)
    assert stamp.endswith("Z") and len(stamp.split(".")[1]) == 8  # seven digits + Z
    verify("test-api-key", BODY, stamp, sign("test-api-key", BODY, stamp), now=NOW)
