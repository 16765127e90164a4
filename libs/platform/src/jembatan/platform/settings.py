"""Settings every service shares; each service subclasses this in its own `config.py`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_ADMIN_TOKEN = "dev-admin-token"
# A valid Fernet key that is public on purpose: it only protects the embedded demo.
DEVELOPMENT_SECRET_KEY = "ZGV2LW9ubHktc2VjcmV0LWtleS1mb3ItamVtYmF0YW4="


class ServiceSettings(BaseSettings):
    """Read from `JEMBATAN_*` environment variables (and `.env`)."""

    model_config = SettingsConfigDict(env_prefix="JEMBATAN_", env_file=".env", extra="ignore")

    service_name: str = "service"
    environment: Literal["development", "production"] = "development"
    log_level: str = "INFO"

    http_host: str = "127.0.0.1"
    http_port: int = 8000

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

    @model_validator(mode="after")
    def _no_placeholder_secrets_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            if self.admin_token.get_secret_value() == DEVELOPMENT_ADMIN_TOKEN:
                raise ValueError("JEMBATAN_ADMIN_TOKEN must be set in production")
            if self.secret_key.get_secret_value() == DEVELOPMENT_SECRET_KEY:
                raise ValueError("JEMBATAN_SECRET_KEY must be set in production")
        return self

    @property
    def schema_name(self) -> str:
        return self.db_schema or self.service_name

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"
