"""Operator tokens: the global admin token, and stateless tokens scoped to one tenant.

A tenant token is `jt1.<tenant, url-safe base64>.<expiry, unix seconds>.<HMAC-SHA256, url-safe base64>`.
Its HMAC key is derived from JEMBATAN_SECRET_KEY *and* JEMBATAN_ADMIN_TOKEN, which every service of a
deployment shares: any service verifies a token any other issued, nothing is stored, and rotating
the global admin token revokes every tenant token at once. Pure: no I/O.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "jt1"
MAX_TENANT_ID_LENGTH = 100
_CONTEXT = b"jembatan operator token v1\x00"


@dataclass(frozen=True)
class Operator:
    """Who a bearer token stands for: everyone's operator (`tenant_id is None`) or one tenant's."""

    tenant_id: str | None
    expires_at: datetime | None = None

    @property
    def is_global(self) -> bool:
        return self.tenant_id is None

    def may_reach(self, tenant_id: str | None) -> bool:
        """A global operator reaches every route; a tenant operator only routes of its own tenant."""
        return self.is_global or (tenant_id is not None and tenant_id == self.tenant_id)


class OperatorKeys:
    """Recognises the global token and issues / verifies tenant tokens."""

    def __init__(self, admin_token: str, secret_key: bytes) -> None:
        self._global = admin_token.encode()
        self._signing = hmac.new(secret_key, _CONTEXT + self._global, hashlib.sha256).digest()

    def identify(self, token: str, now: datetime) -> Operator | None:
        """The operator `token` stands for, or None (empty, wrong, forged, expired, malformed)."""
        given = token.encode("utf-8", "replace")
        if not given or not self._global:
            return None
        if hmac.compare_digest(given, self._global):
            return Operator(tenant_id=None)
        return self._tenant_operator(token, now)

    def issue(self, tenant_id: str, valid_for: timedelta, now: datetime) -> tuple[str, datetime]:
        """A token for `tenant_id` valid until `now + valid_for` (whole seconds)."""
        if not tenant_id or len(tenant_id) > MAX_TENANT_ID_LENGTH:
            raise ValueError(f"a tenant id has 1 to {MAX_TENANT_ID_LENGTH} characters")
        if valid_for <= timedelta(0):
            raise ValueError("a token must be valid for some time")
        expires = int((now + valid_for).timestamp())
        claim = f"{PREFIX}.{_b64(tenant_id.encode())}.{expires}"
        return f"{claim}.{_b64(self._sign(claim))}", datetime.fromtimestamp(expires, UTC)

    def _tenant_operator(self, token: str, now: datetime) -> Operator | None:
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != PREFIX or not parts[2].isdigit() or len(parts[2]) > 12:
            return None
        claim = ".".join(parts[:3])
        try:
            signature = _unb64(parts[3])
            tenant_id = _unb64(parts[1]).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        if not hmac.compare_digest(signature, self._sign(claim)):
            return None
        expires_at = datetime.fromtimestamp(int(parts[2]), UTC)
        if expires_at <= now or not tenant_id:
            return None
        return Operator(tenant_id=tenant_id, expires_at=expires_at)

    def _sign(self, claim: str) -> bytes:
        return hmac.new(self._signing, claim.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64")
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m jembatan.platform.operator_tokens issue --tenant T [--days N]`: print a tenant token.

    Reads JEMBATAN_ADMIN_TOKEN and JEMBATAN_SECRET_KEY like the services do (environment, `.env`);
    works offline, since a token is only a signature.
    """
    from .settings import ServiceSettings
    from .startup import settings_or_exit

    parser = argparse.ArgumentParser(prog="python -m jembatan.platform.operator_tokens")
    commands = parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue", help="issue an operator token that sees one tenant")
    issue.add_argument("--tenant", required=True)
    issue.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    settings = settings_or_exit(ServiceSettings)  # a refused secret: one line, exit 2
    if not 0 < args.days <= settings.operator_token_max_days:
        print(f"--days must be 1..{settings.operator_token_max_days}", file=sys.stderr)
        return 2
    keys = OperatorKeys(settings.admin_token.get_secret_value(), settings.secret_key_bytes)
    token, expires_at = keys.issue(args.tenant, timedelta(days=args.days), datetime.now(UTC))
    print(token)
    print(f"tenant {args.tenant}, valid until {expires_at.isoformat()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
