"""The operator's session: one sealed cookie, and the CSRF token every form carries.

The cookie is Fernet-sealed JSON (encrypted and authenticated with the console's key), so the
operator's admin token inside it can be neither read nor forged by the browser, and it expires
after `session_hours`. It holds the token, the CSRF token, the language and the tenants this
operator opened — nothing of the merchant's business.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import asdict, dataclass, field

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

COOKIE_NAME = "jembatan_console"
LANGUAGES = ("en", "id")
RECENT_TENANTS = 12


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lang: str = "en"
    token: str | None = None
    tenants: list[str] = field(default_factory=list)
    oauth_state: str | None = None  # the `state` of an Accurate consent under way (routes/connect.py)

    @property
    def signed_in(self) -> bool:
        return bool(self.token)

    def csrf_matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf.encode(), (given or "").encode())

    def remember_tenant(self, tenant_id: str) -> None:
        """Most recent first, without repeats, at most RECENT_TENANTS."""
        self.tenants = [tenant_id, *[t for t in self.tenants if t != tenant_id]][:RECENT_TENANTS]


class SessionSeal:
    """Seals a `Session` into a cookie value and opens it again (None when forged or expired)."""

    def __init__(self, key: SecretStr, max_age_seconds: int) -> None:
        self._fernet = Fernet(key.get_secret_value().encode())
        self.max_age = max_age_seconds

    def seal(self, session: Session) -> str:
        return self._fernet.encrypt(json.dumps(asdict(session)).encode()).decode()

    def open(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = json.loads(self._fernet.decrypt(cookie.encode(), ttl=self.max_age))
            session = Session(**data)
        except (InvalidToken, ValueError, TypeError):
            return None
        return session if session.lang in LANGUAGES else None
