"""OAuth 2 authentication: bearer access token plus a database session from ``open-db.do``.

Data calls carry ``Authorization: Bearer <access token>`` and ``X-Session-ID: <session>``.
An expired session ("Data Session Key tidak tepat") is renewed by opening the database again; an
expired access token (``{"error": "invalid_token"}``) is refreshed with the refresh token, and the
new pair is handed to ``on_tokens_refreshed`` so the owner can store it.
"""

from __future__ import annotations

import base64
import inspect
from collections.abc import Awaitable, Callable

from jembatan.accurate.auth import AccountLink, Auth
from jembatan.accurate.classify import AuthProblem
from jembatan.accurate.errors import AccurateError, FailureKind

OPEN_DB_PATH = "/api/open-db.do"
TOKEN_PATH = "/oauth/token"

TokensRefreshed = Callable[[str, str], Awaitable[None] | None]


class OAuthAuth(Auth):
    """Authorization-code OAuth tokens bound to one Accurate database."""

    def __init__(
        self,
        access_token: str,
        refresh_token: str | None,
        client_id: str,
        client_secret: str,
        database_id: str | int,
        *,
        on_tokens_refreshed: TokensRefreshed | None = None,
        host: str | None = None,
        session: str | None = None,
    ) -> None:
        super().__init__(host if session else None)
        self.access_token = access_token
        self.refresh_token = refresh_token
        self._client_id = client_id
        self._client_secret = client_secret
        self.database_id = str(database_id)
        self._session = session
        self._on_tokens_refreshed = on_tokens_refreshed

    @property
    def budget_key(self) -> str:
        """``db:<database id>``."""
        return f"db:{self.database_id}"

    def data_headers(self) -> dict[str, str]:
        """Bearer token plus the database session."""
        headers = {"Authorization": f"Bearer {self.access_token}"}
        if self._session:
            headers["X-Session-ID"] = self._session
        return headers

    def account_headers(self) -> dict[str, str]:
        """Bearer token only."""
        return {"Authorization": f"Bearer {self.access_token}"}

    def secrets(self) -> list[str]:
        """Tokens, client secret and session id."""
        values = [self.access_token, self.refresh_token, self._client_secret, self._session]
        return [value for value in values if value]

    async def _discover(self, link: AccountLink) -> None:
        try:
            await self._open_db(link)
        except AccurateError as error:
            expired = error.kind is FailureKind.AUTH and error.status == 401
            if not expired or not await self._refresh(link):
                raise
            self.generation += 1
            await self._open_db(link)

    async def _renew(self, problem: AuthProblem, link: AccountLink) -> bool:
        if problem is AuthProblem.SESSION_EXPIRED:
            await self._open_db(link)
            return True
        if problem is AuthProblem.TOKEN_EXPIRED:
            return await self._refresh(link)
        return False

    async def _open_db(self, link: AccountLink) -> None:
        try:
            envelope = await link.account_call("GET", OPEN_DB_PATH, params={"id": self.database_id})
        except AccurateError as error:
            if error.kind not in (FailureKind.VALIDATION, FailureKind.NOT_FOUND):
                raise
            # e.g. "Data Usaha tidak tepat": this token cannot open this database.
            raise AccurateError(
                FailureKind.AUTH, error.messages, status=error.status, endpoint=error.endpoint
            ) from None
        host, session = envelope.raw.get("host"), envelope.raw.get("session")
        if not isinstance(host, str) or not isinstance(session, str) or not host or not session:
            raise AccurateError(
                FailureKind.AUTH, ["open-db.do returned no host/session"], endpoint="open-db.do"
            )
        self._session = session
        self.moved(host)

    async def _refresh(self, link: AccountLink) -> bool:
        if not self.refresh_token:
            return False
        basic = base64.b64encode(f"{self._client_id}:{self._client_secret}".encode()).decode("ascii")
        try:
            envelope = await link.account_call(
                "POST",
                TOKEN_PATH,
                form={"grant_type": "refresh_token", "refresh_token": self.refresh_token},
                headers={"Authorization": f"Basic {basic}"},
                authenticate=False,
            )
        except AccurateError as error:
            if error.kind in (FailureKind.RATE, FailureKind.NETWORK, FailureKind.SERVER):
                raise
            # invalid_grant & co: the merchant has to consent again.
            raise AccurateError(
                FailureKind.AUTH, error.messages, status=error.status, endpoint=error.endpoint
            ) from None
        access = envelope.raw.get("access_token")
        if not isinstance(access, str) or not access:
            raise AccurateError(
                FailureKind.AUTH, ["token refresh returned no access_token"], endpoint="oauth/token"
            )
        refreshed = envelope.raw.get("refresh_token")
        self.access_token = access
        if isinstance(refreshed, str) and refreshed:
            self.refresh_token = refreshed
        if self._on_tokens_refreshed is not None:
            outcome = self._on_tokens_refreshed(self.access_token, self.refresh_token or "")
            if inspect.isawaitable(outcome):
                await outcome
        return True
