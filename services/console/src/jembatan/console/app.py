"""The console's composition root: session middleware, security headers, routes, polite errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .admin_apis import AdminApis, Refusal, Unreachable
from .config import ConsoleSettings
from .deps import CsrfRefused, SignInRequired
from .imports import ImportRuns
from .pages import render
from .routes import (
    activity,
    auth,
    coming,
    connect,
    find,
    journey,
    outlets,
    parked,
    products,
    reconciliation,
    synchronization,
    tenants,
)
from .session import COOKIE_NAME, Session, SessionSeal

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """The console app; `transport` lets tests route the admin calls to in-process apps."""
    seal = SessionSeal(settings.cookie_key, settings.session_hours * 3600)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await app.state.imports.cancel_all()
        await app.state.apis.close()

    app = FastAPI(title="Jembatan console", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.apis = AdminApis(settings.service_urls, settings.admin_timeout_seconds, transport)
    app.state.imports = ImportRuns()
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.middleware("http")
    async def session_cookie(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        request.state.session = seal.open(request.cookies.get(COOKIE_NAME)) or Session()
        response = await call_next(request)
        if getattr(request.state, "leave_session_alone", False):  # e.g. the OAuth callback (routes/connect.py)
            response.headers.update(SECURITY_HEADERS)
            return response
        response.set_cookie(
            COOKIE_NAME,
            seal.seal(request.state.session),
            max_age=seal.max_age,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
            path="/",
        )
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for module in (auth, tenants, connect, outlets, products, synchronization, parked, activity, reconciliation, find,
                   journey, coming):
        app.include_router(module.router)
    app.include_router(connect.oauth_router)
    _polite_errors(app)
    return app


def _polite_errors(app: FastAPI) -> None:
    """A person never sees a stack trace: every failure becomes a page that says what to do."""

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _: Exception) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": "/signin"})
        return RedirectResponse("/signin", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, _: Exception) -> Response:
        return render(request, "error.html", 403, message_key="error.csrf")

    @app.exception_handler(Refusal)
    async def refused(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", 502, refusal=exc)

    @app.exception_handler(Unreachable)
    async def unreachable(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", 503, unreachable=exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        return render(request, "error.html", code, message_key="error.not_found" if code == 404 else "error.unexpected")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, _: Exception) -> Response:
        return render(request, "error.html", 404, message_key="error.not_found")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("console page failed", extra={"path": request.url.path})
        return render(request, "error.html", 500, message_key="error.unexpected")
