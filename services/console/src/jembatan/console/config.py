"""The console's settings (`JEMBATAN_*` environment variables).

The console owns no data: it needs the four services' URLs and a key that seals its session
cookies. `secret_key` (shared with the services in the devstack) seals the cookie when
`session_key` is not given.
"""

from __future__ import annotations

from jembatan.platform.settings import ServiceSettings
from pydantic import SecretStr


class ConsoleSettings(ServiceSettings):
    service_name: str = "console"
    http_port: int = 8100
    ingest_url: str = "http://127.0.0.1:8101"
    mapper_url: str = "http://127.0.0.1:8102"
    poster_url: str = "http://127.0.0.1:8103"
    scheduler_url: str = "http://127.0.0.1:8104"
    # The public base URL of ingest as iSeller reaches it (HTTPS in production); shown on Connect.
    public_ingest_url: str | None = None
    # The console's public base URL; Accurate's OAuth app must list `<it>/oauth/accurate/callback`.
    # The address the browser used when not given.
    public_console_url: str | None = None
    session_key: SecretStr | None = None  # a Fernet key; defaults to secret_key
    session_hours: int = 12
    secure_cookies: bool = False  # True behind HTTPS: the cookie is then sent over HTTPS only
    admin_timeout_seconds: float = 30.0

    @property
    def service_urls(self) -> dict[str, str]:
        return {
            "ingest": self.ingest_url,
            "mapper": self.mapper_url,
            "poster": self.poster_url,
            "scheduler": self.scheduler_url,
        }

    @property
    def cookie_key(self) -> SecretStr:
        return self.session_key or self.secret_key
