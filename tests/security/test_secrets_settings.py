"""Finding 1 and 7: outside development no service starts with an empty, short or public secret."""

from __future__ import annotations

import base64
import os

import pytest
from jembatan.platform.crypto import SecretBox
from jembatan.platform.settings import DEVELOPMENT_SECRET_KEY, ServiceSettings
from pydantic import SecretStr, ValidationError

REAL_TOKEN = "k" * 8 + "7sQ2-random-operator-token-xyz"
REAL_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


def production(**values: str) -> ServiceSettings:
    values = {"admin_token": REAL_TOKEN, "secret_key": REAL_KEY, **values}
    return ServiceSettings(_env_file=None, environment="production", **values)  # type: ignore[call-arg]


def test_a_deployment_that_does_not_name_its_environment_runs_as_production(monkeypatch) -> None:
    monkeypatch.delenv("JEMBATAN_ENVIRONMENT", raising=False)
    settings = ServiceSettings(_env_file=None, admin_token=REAL_TOKEN, secret_key=REAL_KEY)  # type: ignore[call-arg]
    assert settings.environment == "production"


def test_a_deployment_that_does_not_name_its_environment_refuses_the_demo_secrets(monkeypatch) -> None:
    monkeypatch.delenv("JEMBATAN_ENVIRONMENT", raising=False)
    monkeypatch.delenv("JEMBATAN_ADMIN_TOKEN", raising=False)
    monkeypatch.delenv("JEMBATAN_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="JEMBATAN_ADMIN_TOKEN"):
        ServiceSettings(_env_file=None)  # type: ignore[call-arg]


def test_an_empty_admin_token_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="JEMBATAN_ADMIN_TOKEN must be set"):
        production(admin_token="")


@pytest.mark.parametrize("token", ["x", "a-31-character-long-admin-token"])
def test_an_admin_token_shorter_than_32_characters_is_refused_in_production(token: str) -> None:
    assert len(token) < 32
    with pytest.raises(ValidationError, match="at least 32 characters"):
        production(admin_token=token)


def test_a_publicly_known_admin_token_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="publicly known"):
        production(admin_token=DEVELOPMENT_SECRET_KEY)


def test_the_demo_secret_key_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="public demo key"):
        production(secret_key=DEVELOPMENT_SECRET_KEY)


def test_the_demo_secret_key_spelled_differently_is_still_refused_in_production() -> None:
    # Same 32 bytes: the last base64 digit carries two unused bits.
    respelled = DEVELOPMENT_SECRET_KEY[:-2] + "5="
    assert respelled != DEVELOPMENT_SECRET_KEY
    assert base64.urlsafe_b64decode(respelled) == base64.urlsafe_b64decode(DEVELOPMENT_SECRET_KEY)
    with pytest.raises(ValidationError, match="public demo key"):
        production(secret_key=respelled)


@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_secret_key_that_is_not_a_fernet_key_is_refused_naming_the_variable(environment: str) -> None:
    with pytest.raises(ValidationError, match="JEMBATAN_SECRET_KEY must be a Fernet key"):
        ServiceSettings(
            _env_file=None, environment=environment, admin_token=REAL_TOKEN, secret_key="not-a-key"
        )  # type: ignore[call-arg]


def test_real_secrets_start_a_production_service() -> None:
    settings = production()
    assert settings.secret_key_bytes == base64.urlsafe_b64decode(REAL_KEY)


def test_the_secret_box_names_the_variable_when_given_a_bad_key() -> None:
    with pytest.raises(ValueError, match="JEMBATAN_SECRET_KEY"):
        SecretBox(SecretStr("short"))


def test_development_keeps_the_demo_defaults_for_the_devstack() -> None:
    settings = ServiceSettings(_env_file=None, environment="development")  # type: ignore[call-arg]
    assert settings.admin_token.get_secret_value() == "dev-admin-token"


def test_the_devstack_says_development_explicitly(tmp_path) -> None:
    from jembatan.devstack.stack_env import StackConfig, new_admin_token, new_secret_key, service_env

    config = StackConfig(
        data_dir=tmp_path,
        kafka_bootstrap="127.0.0.1:9092",
        kafka_is_tansu=True,
        kafka_idempotent=False,
        partitions=1,
        database_url=None,
        schema_prefix="",
        admin_token=new_admin_token(),
        secret_key=new_secret_key(),
        log_level="INFO",
    )
    env = service_env("ingest", 8101, config, {}, {})
    assert env["JEMBATAN_ENVIRONMENT"] == "development"
    assert len(env["JEMBATAN_ADMIN_TOKEN"]) >= 32  # the stack's fresh token would pass production too
