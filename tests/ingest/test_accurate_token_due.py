"""When ingest refreshes an Accurate OAuth token: before it expires, by the margin, and only with a
refresh token to refresh with (pure logic of service_layer/accurate_tokens.py)."""

from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet
from jembatan.contracts.tenant import AccurateOAuth
from jembatan.ingest.service_layer.accurate_tokens import due

BOX = Fernet(Fernet.generate_key())
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
MARGIN = timedelta(hours=48)


def connection(expires_in: timedelta | None, refresh: bool = True) -> AccurateOAuth:
    return AccurateOAuth(
        account_url="https://account.accurate.id",
        access_token_sealed=BOX.encrypt(b"access").decode(),
        refresh_token_sealed=BOX.encrypt(b"refresh").decode() if refresh else None,
        access_expires_at=NOW + expires_in if expires_in is not None else None,
        database_id="1",
    )


def test_a_fresh_token_is_left_alone():
    assert not due(connection(timedelta(days=15)), NOW, MARGIN)


def test_a_token_within_the_margin_is_refreshed():
    assert due(connection(timedelta(hours=47)), NOW, MARGIN)
    assert due(connection(timedelta(hours=48)), NOW, MARGIN)
    assert not due(connection(timedelta(hours=48, seconds=1)), NOW, MARGIN)


def test_an_expired_token_or_one_of_unknown_age_is_refreshed():
    assert due(connection(timedelta(hours=-1)), NOW, MARGIN)
    assert due(connection(None), NOW, MARGIN)


def test_without_a_refresh_token_nothing_can_be_refreshed():
    assert not due(connection(timedelta(hours=1), refresh=False), NOW, MARGIN)
