"""What each child of a stack is told through its environment (no processes started)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from jembatan.devstack.stack_env import StackConfig, new_secret_key, peer_urls, service_env

URLS = {
    "ingest": "http://127.0.0.1:1001",
    "mapper": "http://127.0.0.1:1002",
    "accurate.account": "http://127.0.0.1:2001",
    "accurate.data": "http://127.0.0.1:2002",
    "iseller": "http://127.0.0.1:3001",
}


def config(**changes: object) -> StackConfig:
    values: dict[str, object] = {
        "data_dir": Path("/run/data"),
        "kafka_bootstrap": "127.0.0.1:9999",
        "kafka_is_tansu": True,
        "kafka_idempotent": False,
        "partitions": 4,
        "database_url": None,
        "schema_prefix": "",
        "admin_token": "tok",
        "secret_key": new_secret_key(),
        "log_level": "INFO",
    }
    return StackConfig(**(values | changes))  # type: ignore[arg-type]


def test_a_service_gets_only_the_peer_urls_its_settings_declare() -> None:
    peers = peer_urls(URLS)
    mapper = service_env("mapper", 1002, config(), peers, {})
    poster = service_env("poster", 1003, config(), peers, {})
    assert mapper["JEMBATAN_ACCURATE_ACCOUNT_URL"] == "http://127.0.0.1:2001"
    assert "JEMBATAN_ACCURATE_ACCOUNT_URL" not in poster
    assert peers["iseller_oauth_url"] == "http://127.0.0.1:3001/oauth/token"


def test_inherited_jembatan_variables_never_leak_into_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEMBATAN_DATABASE_URL", "postgresql+asyncpg://someone/else")
    env = service_env("ingest", 1001, config(), {}, {})
    assert "JEMBATAN_DATABASE_URL" not in env
    assert env["PYTHONUNBUFFERED"] == "1"


def test_an_external_broker_keeps_the_service_default_timeouts_and_may_be_idempotent() -> None:
    env = service_env("ingest", 1001, config(kafka_is_tansu=False, kafka_idempotent=True), {}, {})
    assert env["JEMBATAN_KAFKA_IDEMPOTENT"] == "true"
    assert "JEMBATAN_KAFKA_SESSION_TIMEOUT_MS" not in env


def test_every_variable_the_stack_sets_is_read_by_the_real_settings() -> None:
    from jembatan.devstack.services import SERVICES, env_names

    for name in SERVICES:
        env = service_env(name, 1, config(database_url="postgresql+asyncpg://x/y"), peer_urls(URLS), {})
        given = {key for key in env if key.startswith("JEMBATAN_")}
        assert given <= env_names(name), f"{name} ignores {sorted(given - env_names(name))}"


def test_the_secret_key_is_a_usable_fernet_key() -> None:
    token = Fernet(new_secret_key().encode()).encrypt(b"accurate token")
    assert token
