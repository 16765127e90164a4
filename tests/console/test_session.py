"""The sealed session cookie: unreadable, unforgeable, expiring."""

import time

from cryptography.fernet import Fernet
from jembatan.console.session import Session, SessionSeal
from pydantic import SecretStr


def seal(max_age: int = 3600) -> SessionSeal:
    return SessionSeal(SecretStr(Fernet.generate_key().decode()), max_age)


def test_a_sealed_session_opens_to_the_same_session():
    box, session = seal(), Session(token="operator-token", lang="id", tenants=["toko-1"])
    assert box.open(box.seal(session)) == session


def test_the_token_cannot_be_read_from_the_cookie():
    box = seal()
    assert "operator-token" not in box.seal(Session(token="operator-token"))


def test_a_cookie_sealed_with_another_key_is_not_a_session():
    assert seal().open(seal().seal(Session(token="t"))) is None


def test_a_tampered_cookie_is_not_a_session():
    box = seal()
    cookie = box.seal(Session(token="t"))
    assert box.open(cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB")) is None


def test_an_expired_cookie_is_not_a_session():
    box = seal(max_age=1)
    cookie = box.seal(Session(token="t"))
    time.sleep(2.1)
    assert box.open(cookie) is None


def test_csrf_matches_only_the_sessions_own_token():
    session = Session()
    assert session.csrf_matches(session.csrf)
    assert not session.csrf_matches("forged")
    assert not session.csrf_matches(None)


def test_opened_tenants_are_remembered_most_recent_first_without_repeats():
    session = Session()
    for tenant in ("a", "b", "a", "c"):
        session.remember_tenant(tenant)
    assert session.tenants == ["c", "a", "b"]
