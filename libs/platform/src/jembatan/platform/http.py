"""The HTTP face every service shares: /healthz, /metrics, operator auth for every `/admin` route,
sane path parameters, and a bound on requests in flight.

Every route under `/admin` is guarded by the app itself (not only by routers that remember
`AdminOnly`): the global operator token reaches everything; a tenant operator token reaches
only routes whose `{tenant_id}` path parameter is its tenant — never a global list, never
another tenant (403).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.telemetry import TelemetryConfig
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field, field_validator

from .in_flight import InFlightLimit
from .operator_tokens import MAX_TENANT_ID_LENGTH, Operator, OperatorKeys

_bearer = HTTPBearer(auto_error=False)
ADMIN_PREFIX = "/admin"
MAX_PATH_PARAM_LENGTH = 300
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def _unauthorized() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, "operator bearer token required", headers={"WWW-Authenticate": "Bearer"}
    )


def _bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authorize(request: Request) -> Operator:
    """The operator of this request, allowed onto this route; 401 / 403 otherwise.

    An empty token never matches (not even an empty configured one); a tenant token only
    passes on routes with its own `{tenant_id}`.
    """
    known: Operator | None = getattr(request.state, "operator", None)
    if known is not None:
        return known
    keys: OperatorKeys = request.app.state.operator_keys
    operator = keys.identify(_bearer_token(request), datetime.now(UTC))
    if operator is None:
        raise _unauthorized()
    if not operator.may_reach(request.path_params.get("tenant_id")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this operator token is scoped to another tenant")
    request.state.operator = operator
    return operator


def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Admin routes need `Authorization: Bearer <operator token>` (documented in the OpenAPI)."""
    authorize(request)


AdminOnly = Depends(require_admin)
GlobalOperator = Annotated[Operator, Depends(authorize)]


async def _guard(request: Request) -> None:
    """Runs before every route: refuses path parameters no resource can have (control characters,
    over-long values) and authorizes every `/admin` route, whatever its router declared.

    `async` although it never awaits: FastAPI runs a plain `def` dependency in a worker thread,
    and that hop cost every request about a tenth of ingest's CPU (docs/performance.md)."""
    for name, value in request.path_params.items():
        limit = MAX_TENANT_ID_LENGTH if name == "tenant_id" else MAX_PATH_PARAM_LENGTH
        if not isinstance(value, str):
            continue
        if not value or len(value) > limit or not value.isprintable() or not _is_utf8(value):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no such {name}")
    path = request.scope["path"]  # what `request.url.path` says, without building the whole URL
    if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
        authorize(request)


class PlainRoute(APIRoute):
    """A route for a hot path: FastAPI documents it from the endpoint's signature as usual (OpenAPI,
    path parameters), but calls it directly — `endpoint(**path_params, request=request)` — after the
    app-wide guard, with no dependency solving, no parameter validation and no response model.

    Its endpoint therefore takes only `str` path parameters and the `Request`, reads and checks the
    request itself, and returns a `Response`; the route must declare no dependencies of its own (the
    app's only one is the guard, run here). Refusals raised as `HTTPException` answer as anywhere else.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        if self.dependencies:
            raise TypeError("a PlainRoute runs no dependencies: check the request in the endpoint")
        endpoint: Callable[..., Awaitable[Response]] = self.endpoint

        async def handle(request: Request) -> Response:
            await _guard(request)
            return await endpoint(**request.path_params, request=request)

        return handle


def _is_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class OperatorTokenIn(BaseModel):
    tenant_id: str = Field(min_length=1, max_length=MAX_TENANT_ID_LENGTH)
    valid_days: int = Field(default=30, ge=1)

    @field_validator("tenant_id")
    @classmethod
    def _a_tenant_id_a_path_can_hold(cls, value: str) -> str:
        if not value.isprintable() or not _is_utf8(value):
            raise ValueError("a tenant id is printable text")
        return value


class OperatorTokenOut(BaseModel):
    token: str
    tenant_id: str
    expires_at: datetime


def _operator_token_router(max_days: int) -> APIRouter:
    router = APIRouter(prefix=ADMIN_PREFIX, tags=["operators"], dependencies=[AdminOnly])

    @router.post("/operator-tokens", status_code=201)
    async def issue_operator_token(
        body: OperatorTokenIn, request: Request, operator: GlobalOperator
    ) -> OperatorTokenOut:
        """Issue a token that sees one tenant only (global operator only; stateless, valid on every
        service of this deployment until it expires or the global admin token is rotated)."""
        if not operator.is_global:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "only the global operator issues tokens")
        if body.valid_days > max_days:
            raise HTTPException(422, f"valid_days is at most {max_days}")
        keys: OperatorKeys = request.app.state.operator_keys
        token, expires_at = keys.issue(body.tenant_id, timedelta(days=body.valid_days), datetime.now(UTC))
        return OperatorTokenOut(token=token, tenant_id=body.tenant_id, expires_at=expires_at)

    return router


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    """422 as documented (`loc`, `msg`, `type`), without echoing the request's values: a refused
    body may carry a secret (an API key, a token) that must not travel back or into a log."""
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


def create_service_app(
    title: str,
    *,
    admin_token: str,
    secret_key: bytes,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    ready: Callable[[], bool] = lambda: True,
    max_in_flight: int = 64,
    operator_token_max_days: int = 90,
    before_scrape: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    """`before_scrape` is awaited before `/metrics` answers (e.g. to recount a gauge)."""
    app = FastAPI(
        title=f"Jembatan {title}",
        lifespan=lifespan,
        dependencies=[Depends(_guard)],
        # FastAPI's OpenTelemetry hooks off: Jembatan configures no OpenTelemetry provider, so they
        # only asked for three unconfigured providers on every request (docs/performance.md, round five)
        telemetry=NO_TELEMETRY,
    )
    app.state.operator_keys = OperatorKeys(admin_token, secret_key)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(InFlightLimit, limit=max_in_flight, service=title)

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
        if before_scrape is not None:
            await before_scrape()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(_operator_token_router(operator_token_max_days))
    return app


async def no_lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
