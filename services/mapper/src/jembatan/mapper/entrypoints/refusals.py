"""How the mapper answers when Accurate or iSeller says no: a readable refusal, never a bare 500.

- Accurate refused what the tenant gave us (token, secret, scope, data) → 422: fix it and retry.
- Accurate (or iSeller) could not be reached, or failed on its side → 502: try again later.
- The tenant is not connected to Accurate yet → 409.
Every body is the platform's `ErrorReply` (`{"detail": "..."}`); Accurate's message never carries a
token or secret (the client scrubs them).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from jembatan.accurate import AccurateError, FailureKind
from jembatan.platform.errors import ErrorReply

from ..adapters.accurate_gateway import NotConnected

THEIRS = {FailureKind.NETWORK, FailureKind.SERVER, FailureKind.RATE, FailureKind.UNKNOWN_OUTCOME}

UPSTREAM: dict[int | str, dict[str, Any]] = {
    502: {
        "model": ErrorReply,
        "description": "Accurate or iSeller could not be reached, or failed on its side",
    }
}


async def _accurate_refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AccurateError)
    status = 502 if exc.kind in THEIRS else 422
    return JSONResponse({"detail": f"Accurate: {exc}"}, status_code=status)


async def _not_connected(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)


def install(app: FastAPI) -> None:
    app.add_exception_handler(AccurateError, _accurate_refused)
    app.add_exception_handler(NotConnected, _not_connected)
