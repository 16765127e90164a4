"""The environment each child of a `LocalStack` gets."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from .services import ENV_PREFIX, settings_fields


@dataclass(frozen=True)
class StackConfig:
    """What every service of one stack shares."""

    data_dir: Path
    kafka_bootstrap: str
    kafka_is_tansu: bool
    kafka_idempotent: bool
    partitions: int
    database_url: str | None
    schema_prefix: str
    admin_token: str
    secret_key: str
    log_level: str


def new_admin_token() -> str:
    return secrets.token_urlsafe(24)


def new_secret_key() -> str:
    """A fresh Fernet key (32 random bytes, url-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def base_env() -> dict[str, str]:
    """The runner's environment without any `JEMBATAN_*` variable: the stack sets those itself.

    Output is unbuffered, so a ready line reaches the log file (and the runner) at once.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def peer_urls(urls: Mapping[str, str]) -> dict[str, str]:
    """Settings fields a service may declare for its peers, from the stack's `urls`.

    `<service>_url` for every service, `accurate_account_url` / `accurate_data_url` for the
    Accurate sandbox, `iseller_api_url` / `iseller_oauth_url` for the iSeller simulator.
    """
    peers = {f"{name}_url": url for name, url in urls.items() if "." not in name}
    if "accurate.account" in urls:
        peers |= {
            "accurate_account_url": urls["accurate.account"],
            "accurate_data_url": urls["accurate.data"],
        }
    if "iseller" in urls:
        url = urls["iseller"]
        peers |= {"iseller_api_url": url, "iseller_base_url": url, "iseller_oauth_url": f"{url}/oauth/token"}
    return peers


def service_env(
    name: str, port: int, config: StackConfig, peers: Mapping[str, str], extra: Mapping[str, str]
) -> dict[str, str]:
    """`JEMBATAN_*` settings for service `name` listening on `port`.

    `peers` maps a settings field (e.g. `ingest_url`, `accurate_account_url`) to a URL; only the
    fields this service's settings class declares are passed, so nothing unknown leaks in.
    """
    values: dict[str, str] = {
        "ENVIRONMENT": "development",
        "LOG_LEVEL": config.log_level,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "DATA_DIR": str(config.data_dir),
        "DB_SCHEMA": f"{config.schema_prefix}{name}",
        "KAFKA_BOOTSTRAP": config.kafka_bootstrap,
        "KAFKA_IDEMPOTENT": "true" if config.kafka_idempotent else "false",
        "KAFKA_PARTITIONS": str(config.partitions),
        "ADMIN_TOKEN": config.admin_token,
        "SECRET_KEY": config.secret_key,
    }
    if config.kafka_is_tansu:
        values["KAFKA_SESSION_TIMEOUT_MS"] = str(TANSU_SESSION_TIMEOUT_MS)
        values["KAFKA_HEARTBEAT_INTERVAL_MS"] = str(TANSU_HEARTBEAT_INTERVAL_MS)
    if config.database_url:
        values["DATABASE_URL"] = config.database_url
    fields = settings_fields(name)
    values.update({key.upper(): url for key, url in peers.items() if key in fields})
    env = base_env()
    env.update({f"{ENV_PREFIX}{key}": value for key, value in values.items()})
    env.update(extra)
    return env
