"""Settings every service shares; each service subclasses this in its own `config.py`.

Outside `development` (the default is `production`) the admin token and the secret key must be
real secrets: not empty, not short, not one of the values published in this repository. Only the
devstack, the demo and the tests say `JEMBATAN_ENVIRONMENT=development`.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_ADMIN_TOKEN = "dev-admin-token"
# A valid Fernet key that is public on purpose: it only protects the embedded demo.
DEVELOPMENT_SECRET_KEY = "ZGV2LW9ubHktc2VjcmV0LWtleS1mb3ItamVtYmF0YW4="
MIN_TOKEN_LENGTH = 32
# Tokens that are written in this repository or are commonly guessed: never a production token.
PUBLIC_ADMIN_TOKENS = frozenset(
    {DEVELOPMENT_ADMIN_TOKEN, "test-admin-token", "changeme", "change-me", "admin", "secret", "token"}
)


GENERATE_KEY = 'python3 -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
ACCEPTED_ADMIN_TOKEN = (
    f"expected a random string of at least {MIN_TOKEN_LENGTH} characters: "
    'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
)
ACCEPTED_SECRET_KEY = f"expected a Fernet key of 32 random bytes: {GENERATE_KEY}"


def fernet_key_bytes(key: str) -> bytes:
    """The 32 bytes a Fernet key stands for; `ValueError` naming JEMBATAN_SECRET_KEY if it is none.

    Decoding is what Fernet itself does, so two spellings of the same bytes are the same key.
    """
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ValueError(
            f"JEMBATAN_SECRET_KEY must be a Fernet key (32 random bytes, url-safe base64): {GENERATE_KEY}"
        )
    return raw


PUBLIC_SECRET_KEY_BYTES = fernet_key_bytes(DEVELOPMENT_SECRET_KEY)


def admin_token_problem(token: str) -> str | None:
    """Why `token` cannot guard a non-development deployment, or None when it can."""
    if not token:
        return "JEMBATAN_ADMIN_TOKEN must be set"
    if len(token) < MIN_TOKEN_LENGTH:
        return f"JEMBATAN_ADMIN_TOKEN must be at least {MIN_TOKEN_LENGTH} characters"
    if token.strip().lower() in PUBLIC_ADMIN_TOKENS or token == DEVELOPMENT_SECRET_KEY:
        return "JEMBATAN_ADMIN_TOKEN is a publicly known value"
    return None


def secret_key_problem(key_bytes: bytes) -> str | None:
    """Why a (decoded) secret key cannot protect a non-development deployment, or None."""
    if key_bytes == PUBLIC_SECRET_KEY_BYTES:
        return "JEMBATAN_SECRET_KEY is the public demo key"
    if len(set(key_bytes)) < 8:
        return "JEMBATAN_SECRET_KEY is not random (generate one with os.urandom(32))"
    return None


class ServiceSettings(BaseSettings):
    """Read from `JEMBATAN_*` environment variables (and `.env`)."""

    model_config = SettingsConfigDict(env_prefix="JEMBATAN_", env_file=".env", extra="ignore")

    service_name: str = "service"
    environment: Literal["development", "production"] = "production"
    log_level: str = "INFO"

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    max_requests_in_flight: int = 64  # beyond it: 503 with Retry-After (healthz and metrics exempt)
    workers: int = Field(default=1, ge=1)  # HTTP worker processes, for a service that supports several
    # Where the outbox relay runs when the service is served: in the HTTP process, or in a process of
    # its own that the HTTP process starts and watches (PostgreSQL only; docs/outbox.md).
    relay: Literal["inline", "process"] = "inline"
    # The relay process, after a batch smaller than a full one, may wait this long before the next
    # (bigger batches, events on the topic that much later). Off: 10 ms did not measurably pay
    # (docs/performance.md, round four).
    relay_linger_ms: int = Field(default=0, ge=0, le=1000)

    data_dir: Path = Path("var")
    database_url: str | None = None  # None → SQLite file in data_dir
    db_schema: str | None = None  # PostgreSQL schema; defaults to the service name

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_idempotent: bool = False  # on for Apache Kafka, off for tansu
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 3_000
    kafka_partitions: int = 4

    admin_token: SecretStr = SecretStr(DEVELOPMENT_ADMIN_TOKEN)
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    operator_token_max_days: int = 90  # the longest a tenant-scoped operator token may live

    @model_validator(mode="after")
    def _real_secrets_outside_development(self) -> ServiceSettings:
        problems: list[str] = []  # one line each: the service reports every one it refuses at once
        try:
            key_bytes: bytes | None = fernet_key_bytes(self.secret_key.get_secret_value())
        except ValueError as not_a_key:
            problems.append(str(not_a_key))
            key_bytes = None
        if self.environment != "development":
            where = f" (JEMBATAN_ENVIRONMENT={self.environment})"
            if token_problem := admin_token_problem(self.admin_token.get_secret_value()):
                problems.append(f"{token_problem}{where}; {ACCEPTED_ADMIN_TOKEN}")
            if key_bytes is not None and (key_problem := secret_key_problem(key_bytes)):
                problems.append(f"{key_problem}{where}; {ACCEPTED_SECRET_KEY}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def secret_key_bytes(self) -> bytes:
        return fernet_key_bytes(self.secret_key.get_secret_value())

    @property
    def schema_name(self) -> str:
        return self.db_schema or self.service_name

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"
