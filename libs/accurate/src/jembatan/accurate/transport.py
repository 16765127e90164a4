"""One Accurate call end to end: host, headers, budget, 308s, auth renewal, retries, classification.

Everything above this module (the client, paging) deals in envelopes and :class:`AccurateError`;
everything below it is httpx.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from jembatan.accurate.auth import Auth
from jembatan.accurate.budget import RequestBudget, Start
from jembatan.accurate.classify import AuthProblem, auth_problem, classify
from jembatan.accurate.envelope import Envelope, is_per_record, parse_envelope
from jembatan.accurate.errors import AccurateError, FailureKind
from jembatan.accurate.observe import CallObserver, outcome_of
from jembatan.accurate.redact import redact_all
from jembatan.accurate.redirects import follow_target
from jembatan.accurate.retry import RetryPolicy, retry_after_seconds, was_sent

logger = logging.getLogger("jembatan.accurate")

MAX_REDIRECTS = 5
# Data hosts learned from 308s, per (account host, database): every client of a moved database in
# this process goes straight to the new host (one redirect per process, not one per client).
_MOVED_HOSTS: dict[tuple[str, str], str] = {}


def forget_moves() -> None:
    """Drop every remembered move (for tests)."""
    _MOVED_HOSTS.clear()


RETRIED_KINDS = (FailureKind.RATE, FailureKind.SERVER)
# Answers a caller expects in normal work (a lookup that finds nothing, an adopted duplicate).
QUIET_KINDS = {FailureKind.NOT_FOUND: logging.INFO, FailureKind.DUPLICATE_NUMBER: logging.INFO}


@dataclass(frozen=True)
class Call:
    """One logical request. ``idempotent`` says whether it may be re-sent after reaching Accurate."""

    method: str
    target: str  # "data" (per-database host) or "account"
    path: str  # e.g. "/accurate/api/item/list.do"
    endpoint: str  # label for logs and errors, e.g. "item/list.do"
    action: str = ""  # "save", "detail", ... (classification context)
    params: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    content_type: str | None = None
    idempotent: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    authenticate: bool = True
    recover: bool = True
    per_record: bool = False  # bulk-save: per-record failures are results, not an exception


def _when_sent(start: Start) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """An httpcore trace hook that re-stamps the budget's start just before the first byte is written.

    Not later (after the write our process may be descheduled while Accurate already counts it).
    """

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_headers.started"):
            start.sent()

    return trace


class Transport:
    """Sends :class:`Call` objects for one :class:`Auth` under one :class:`RequestBudget`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        auth: Auth,
        account_url: str,
        budget: RequestBudget,
        retry: RetryPolicy,
        observer: CallObserver | None = None,
    ) -> None:
        self.http = http
        self.auth = auth
        self.account_url = account_url.rstrip("/")
        self.budget = budget
        self.retry = retry
        self.observer = observer

    async def send(self, call: Call) -> Envelope:
        """Send ``call`` until it succeeds or fails for good; raise a classified AccurateError."""
        renewed: set[AuthProblem] = set()
        retries = 0
        while True:
            generation = self.auth.generation
            started = time.monotonic()
            try:
                response = await self._exchange(call)
            except httpx.TransportError as error:
                kind = FailureKind.NETWORK
                if was_sent(error) and not call.idempotent:
                    kind = FailureKind.UNKNOWN_OUTCOME
                message = f"{type(error).__name__}: no reply from Accurate"
                self._log(call, None, kind, started, retries)
                if kind is FailureKind.NETWORK and retries + 1 < self.retry.max_attempts:
                    retries += 1
                    await self.retry.wait(retries)
                    continue
                raise self._fail(call, kind, [message], None) from None
            if response.is_redirect:
                location = response.headers.get("location", "")
                messages = [f"redirect to {location!r} not followed (foreign host or too many hops)"]
                raise self._fail(call, FailureKind.SERVER, messages, response.status_code)
            envelope = parse_envelope(response.status_code, response.content)
            if envelope.ok or (call.per_record and is_per_record(envelope)):
                self._log(call, envelope.status, None, started, retries)
                return envelope
            kind = classify(envelope, call.action)
            self._log(call, envelope.status, kind, started, retries)
            if kind is FailureKind.RATE:
                self.budget.refused()
            if kind is FailureKind.AUTH and call.recover:
                problem = auth_problem(envelope)
                if problem not in renewed and await self.auth.renew(problem, generation, self):
                    renewed.add(problem)
                    continue
            if kind is FailureKind.SERVER and not call.idempotent:
                kind = FailureKind.UNKNOWN_OUTCOME
            if kind in RETRIED_KINDS and retries + 1 < self.retry.max_attempts:
                retries += 1
                await self.retry.wait(retries, retry_after_seconds(response.headers))
                continue
            raise self._fail(call, kind, envelope.messages, envelope.status)

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
        """Send one request to the account host (used by auth for discovery and renewal)."""
        call = Call(
            method=method,
            target="account",
            path=path,
            endpoint=path.rsplit("/", 1)[-1],
            params=list((params or {}).items()),
            body=urlencode(form).encode() if form is not None else None,
            content_type="application/x-www-form-urlencoded" if form is not None else None,
            headers=headers or {},
            authenticate=authenticate,
            recover=False,
        )
        return await self.send(call)

    async def _exchange(self, call: Call) -> httpx.Response:
        if call.target == "data":
            host = await self.auth.ensure_host(self)
            moved = _MOVED_HOSTS.get((self.account_url, self.auth.budget_key))
            if moved is not None and moved != host:
                self.auth.moved(moved)
                host = self.auth.host or moved
            url = host + call.path
        else:
            url = self.account_url + call.path
        params: tuple[tuple[str, str], ...] | None = tuple(call.params)
        for _ in range(MAX_REDIRECTS + 1):
            request = self.http.build_request(
                call.method, url, params=params, content=call.body, headers=self._headers(call)
            )
            asked = time.monotonic()
            async with self.budget.slot() as start:
                if self.observer is not None:
                    self.observer.waited(time.monotonic() - asked)
                request.extensions["trace"] = _when_sent(start)
                response = await self.http.send(request)
            target = follow_target(request.url, response)
            if target is None:
                return response
            if response.status_code == 308 and call.target == "data":
                self.auth.moved(str(target))
                if self.auth.host is not None:
                    _MOVED_HOSTS[(self.account_url, self.auth.budget_key)] = self.auth.host
            url, params = str(target), (None if target.query else params)
        return response

    def _headers(self, call: Call) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if call.authenticate:
            target_headers = (
                self.auth.data_headers() if call.target == "data" else self.auth.account_headers()
            )
            headers.update(target_headers)
        if call.content_type:
            headers["Content-Type"] = call.content_type
        headers.update(call.headers)
        return headers

    def _fail(self, call: Call, kind: FailureKind, messages: list[str], status: int | None) -> AccurateError:
        return AccurateError(
            kind, redact_all(messages, self.auth.secrets()), status=status, endpoint=call.endpoint
        )

    def _log(
        self, call: Call, status: int | None, kind: FailureKind | None, started: float, retries: int
    ) -> None:
        extra = {
            "endpoint": call.endpoint,
            "method": call.method,
            "status": status,
            "kind": kind.value if kind else None,
            "duration": round(time.monotonic() - started, 4),
            "attempt": retries + 1,
        }
        if self.observer is not None:
            self.observer.attempted(call.endpoint, outcome_of(kind))
        level = logging.DEBUG if kind is None else QUIET_KINDS.get(kind, logging.WARNING)
        logger.log(level, "accurate %s %s -> %s", call.method, call.endpoint, kind or status, extra=extra)
