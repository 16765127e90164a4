"""The contract between the transport and an authentication method.

Two methods exist: :class:`~jembatan.accurate.api_token.ApiTokenAuth` (signed API token, host from
``api-token.do``) and :class:`~jembatan.accurate.oauth.OAuthAuth` (bearer token + database session
from ``open-db.do``). The transport asks an auth for headers, for the data host, and — when Accurate
says a credential expired — to renew it. Renewal is generation-counted so that many callers hitting
the same expired session cause one renewal, not one each.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any, Protocol
from urllib.parse import urlsplit

from jembatan.accurate.classify import AuthProblem
from jembatan.accurate.envelope import Envelope


class AccountLink(Protocol):
    """What an auth may use to talk to the account host (implemented by the transport)."""

    async def account_call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        authenticate: bool = True,
    ) -> Envelope:
        """Send one request to the account host and return its envelope (raises AccurateError)."""
        ...


class Auth(ABC):
    """Base class of both authentication methods."""

    def __init__(self, host: str | None = None) -> None:
        self._host = normalise_host(host) if host else None
        self.generation = 0  # bumped on every successful renewal
        self._lock = asyncio.Lock()
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def host(self) -> str | None:
        """The data host (``https://zeus.accurate.id``) once known."""
        return self._host

    @property
    @abstractmethod
    def budget_key(self) -> str:
        """Key of the per-database request budget; never contains a secret."""

    @abstractmethod
    def data_headers(self) -> dict[str, str]:
        """Headers for a call to the data host."""

    @abstractmethod
    def account_headers(self) -> dict[str, str]:
        """Headers for a call to the account host."""

    @abstractmethod
    def secrets(self) -> list[str]:
        """Every secret value this auth holds (for redaction)."""

    @abstractmethod
    async def _discover(self, link: AccountLink) -> None:
        """Learn the data host (and session, if any) from the account host."""

    async def _renew(self, problem: AuthProblem, link: AccountLink) -> bool:
        """Renew the credential behind ``problem``; False when this method cannot."""
        return False

    async def ensure_host(self, link: AccountLink) -> str:
        """Return the data host, discovering it (once, under a lock) if needed."""
        if self._host is None:
            async with self._guard():
                if self._host is None:
                    await self._discover(link)
        assert self._host is not None
        return self._host

    async def renew(self, problem: AuthProblem, seen_generation: int, link: AccountLink) -> bool:
        """Renew after ``problem`` unless someone already did since ``seen_generation``."""
        async with self._guard():
            if self.generation != seen_generation:
                return True
            if not await self._renew(problem, link):
                return False
            self.generation += 1
            return True

    def moved(self, new_host: str) -> None:
        """Remember the new data host after a 308 Permanent Redirect."""
        self._host = normalise_host(new_host)

    def _guard(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock_loop is not loop:
            self._lock_loop, self._lock = loop, asyncio.Lock()
        return self._lock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(budget_key={self.budget_key!r}, host={self._host!r})"


def normalise_host(url: str) -> str:
    """Reduce a URL to ``scheme://netloc`` (Accurate's host values sometimes carry a path)."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not an absolute URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def dig(value: Any, *path: str) -> Any:
    """``value[p0][p1]...`` or None when any step is missing."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
