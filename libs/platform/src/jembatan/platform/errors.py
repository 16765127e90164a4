"""One shape for every refusal, documented once: `{"detail": ...}` for 4xx answers of every service.

- `detail` is a sentence (401, 404, 409, ...), a list of field problems (422 for a request that does
  not fit the API; the submitted value is never echoed back: it may be a secret), or an object a
  route chose (e.g. the mapper's `{"problems": [...]}`).
- A value the database cannot store (text too long for its column, a NUL character, a number out
  of the column's range) is a 422 of the same shape, whatever route it came through, never a 500.
- The OpenAPI document says so for every operation (`422` and `4XX` → `ErrorReply`), and documents
  `/metrics` as Prometheus text, not JSON.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError

log = logging.getLogger(__name__)

UNSTORABLE = "a value in the request cannot be stored: too long, out of range, or containing a NUL character"


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorReply(BaseModel):
    """Every 4xx answer of every Jembatan service."""

    detail: str | list[FieldProblem] | dict[str, Any]


def field_problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
         "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors()
    ]  # fmt: skip


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": field_problems(exc)}, status_code=422)


def is_unstorable(exc: BaseException) -> bool:
    """A value the database refused to take (SQLSTATE class 22, or asyncpg refusing a parameter)."""
    import asyncpg

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DataError | asyncpg.exceptions.DataError):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


async def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    if not is_unstorable(exc):
        raise exc
    log.info(
        "refused a value the database cannot store", extra={"path": request.url.path, "error": str(exc)[:300]}
    )
    return JSONResponse({"detail": UNSTORABLE}, status_code=422)


def install_error_handling(app: FastAPI) -> None:
    """Refusals in the one documented shape, and an OpenAPI document that says so."""
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(DBAPIError, _unstorable)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            app.openapi_schema = documented_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def documented_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation refuses with `ErrorReply`; `/metrics` answers text."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    reply = ErrorReply.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(reply.pop("$defs", {}))
    components["ErrorReply"] = reply
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    error = {
        "description": "Refused",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorReply"}}},
    }
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if path == "/metrics":
                responses["200"] = {
                    "description": "Prometheus text exposition",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                }
                continue
            if "422" in responses:
                responses["422"] = {**error, "description": "The request does not fit"}
            responses["4XX"] = error
    return schema
