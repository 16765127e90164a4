"""API-token authentication: ``Authorization: Bearer aat...`` plus a signed timestamp.

``X-Api-Signature = HMAC-SHA256(key=signature secret, message=X-Api-Timestamp)``, Base64 or hex.
The data host comes from ``{account_url}/api/api-token.do`` (``d.database.host``). There is no
session and nothing to renew: an invalid or revoked token is an AUTH failure.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from jembatan.accurate.auth import AccountLink, Auth, dig
from jembatan.accurate.dates import accurate_timestamp
from jembatan.accurate.errors import AccurateError, FailureKind

TimestampStyle = Literal["unix_ms", "unix", "iso", "jakarta"]
SignatureEncoding = Literal["base64", "hex"]
API_TOKEN_PATH = "/api/api-token.do"


def sign(secret: str, timestamp: str, encoding: SignatureEncoding = "base64") -> str:
    """HMAC-SHA256 of ``timestamp`` keyed with ``secret``, Base64 (default) or lowercase hex."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii") if encoding == "base64" else digest.hex()


def format_timestamp(now: float, style: TimestampStyle) -> str:
    """Format epoch seconds in one of the ``X-Api-Timestamp`` forms Accurate accepts."""
    if style == "unix_ms":
        return str(int(now * 1000))
    if style == "unix":
        return str(int(now))
    moment = datetime.fromtimestamp(now, tz=UTC)
    if style == "iso":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return accurate_timestamp(moment)


def token_database_id(token: str) -> str | None:
    """The database id claim (``d``) of the Base64-JSON segment of an ``aat.`` token, if readable."""
    for segment in reversed(token.split(".")[1:]):
        claims = _json_segment(segment)
        if isinstance(claims, dict) and claims.get("d") is not None:
            return str(claims["d"])
    return None


def _json_segment(segment: str) -> object:
    padded = segment + "=" * (-len(segment) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            return json.loads(decode(padded))
        except (ValueError, binascii.Error):
            continue
    return None


class ApiTokenAuth(Auth):
    """Signed API-token authentication (one token = one user, one app, one database)."""

    def __init__(
        self,
        token: str,
        signature_secret: str,
        *,
        host: str | None = None,
        database_id: str | int | None = None,
        timestamp_style: TimestampStyle = "unix_ms",
        encoding: SignatureEncoding = "base64",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(host)
        self._token = token
        self._secret = signature_secret
        self._style: TimestampStyle = timestamp_style
        self._encoding: SignatureEncoding = encoding
        self._clock = clock
        claimed = database_id if database_id is not None else token_database_id(token)
        self.database_id: str | None = str(claimed) if claimed is not None else None
        self.database_alias: str | None = None
        # Fixed at construction so every client built from this auth shares one budget.
        self._budget_key = (
            f"db:{self.database_id}"
            if self.database_id is not None
            else "token:" + hashlib.sha256(token.encode()).hexdigest()[:16]
        )

    @property
    def budget_key(self) -> str:
        """``db:<id>`` when the database is known up front, else a digest of the token (never the token)."""
        return self._budget_key

    def data_headers(self) -> dict[str, str]:
        """Bearer token plus a fresh timestamp and its signature."""
        timestamp = format_timestamp(self._clock(), self._style)
        return {
            "Authorization": f"Bearer {self._token}",
            "X-Api-Timestamp": timestamp,
            "X-Api-Signature": sign(self._secret, timestamp, self._encoding),
        }

    def account_headers(self) -> dict[str, str]:
        """The same signed headers (API tokens sign account-level calls too)."""
        return self.data_headers()

    def secrets(self) -> list[str]:
        """Token and signature secret."""
        return [self._token, self._secret]

    async def _discover(self, link: AccountLink) -> None:
        envelope = await link.account_call("GET", API_TOKEN_PATH)
        host = dig(envelope.data, "database", "host") or dig(envelope.data, "host")
        if not isinstance(host, str) or not host:
            raise AccurateError(
                FailureKind.AUTH, ["api-token.do returned no database host"], endpoint="api-token.do"
            )
        database_id = dig(envelope.data, "database", "id")
        if self.database_id is None and database_id is not None:
            self.database_id = str(database_id)
        alias = dig(envelope.data, "database", "alias")
        self.database_alias = alias if isinstance(alias, str) else None
        self.moved(host)
