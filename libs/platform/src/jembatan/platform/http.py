"""The HTTP face every service shares: /healthz, /metrics, and bearer auth for admin routes."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

_bearer = HTTPBearer(auto_error=False)


def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Admin routes need `Authorization: Bearer <JEMBATAN_ADMIN_TOKEN>`."""
    expected: str = request.app.state.admin_token
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "admin bearer token required",
            headers={"WWW-Authenticate": "Bearer"},
        )


AdminOnly = Depends(require_admin)


def create_service_app(
    title: str,
    *,
    admin_token: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    ready: Callable[[], bool] = lambda: True,
) -> FastAPI:
    app = FastAPI(title=f"Jembatan {title}", lifespan=lifespan)
    app.state.admin_token = admin_token

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> Response:
        ok = ready()
        return Response(
            content='{"status":"ok"}' if ok else '{"status":"starting"}',
            media_type="application/json",
            status_code=200 if ok else 503,
        )

    @app.get("/metrics", tags=["operations"])
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


async def no_lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
