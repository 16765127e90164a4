"""`POST /webhooks/iseller/{tenant}/{kind}`: authenticate, store durably, answer fast.

Everything that can be refused without the body is refused before it is read (kind, content
type, declared size, headers, tenant), so an unauthenticated flood costs no body memory. A body
that is not valid UTF-8 is refused even when its signature matches: iSeller sends UTF-8 JSON,
and a SHA-256 length extension of a captured delivery always contains byte 0x80.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse
from jembatan.contracts.iseller import WEBHOOK_KINDS
from jembatan.contracts.iseller.signature import SignatureError, check_headers, verify
from jembatan.platform.http import PlainRoute
from jembatan.platform.metrics import WEBHOOKS_RECEIVED

from ..domain.intake import Unparseable, admit
from .deps import runtime_of

# Called directly after the app's path guard: no dependency solving for every webhook (the route
# reads its headers and body itself; docs/performance.md, round four).
router = APIRouter(tags=["webhooks"], route_class=PlainRoute)


@router.post("/webhooks/iseller/{tenant_id}/{kind}", status_code=status.HTTP_202_ACCEPTED)
async def receive_webhook(tenant_id: str, kind: str, request: Request) -> JSONResponse:
    runtime = runtime_of(request)  # a plain call, not Depends: no dependency solving on the hot path
    settings = runtime.settings
    if kind not in WEBHOOK_KINDS:
        raise _refuse(kind, "unknown_kind", status.HTTP_404_NOT_FOUND, "unknown webhook kind")
    if "json" not in request.headers.get("content-type", ""):
        raise _refuse(
            kind, "bad_content_type", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send application/json"
        )
    _check_declared_size(request, settings.max_body_bytes, kind)
    timestamp, signature = request.headers.get("Timestamp"), request.headers.get("Signature")
    window = timedelta(seconds=settings.replay_window_seconds)
    try:
        check_headers(timestamp, signature, now=datetime.now(UTC), window=window)
    except SignatureError as exc:
        raise _unauthenticated(kind, exc) from None
    api_key = await runtime.keys.get(tenant_id)
    if api_key is None:
        raise _refuse(
            kind, "unauthenticated", status.HTTP_401_UNAUTHORIZED, "unknown tenant or bad signature"
        )

    raw = await _read_limited(request, settings.max_body_bytes, kind, tenant_id)
    try:
        verify(api_key, raw, timestamp, signature, now=datetime.now(UTC), window=window)
    except SignatureError as exc:
        stored_key = await runtime.keys.get(tenant_id, fresh=True)  # rotated since it was kept?
        if stored_key is None or stored_key == api_key:
            raise _unauthenticated(kind, exc, tenant_id) from None
        try:
            verify(stored_key, raw, timestamp, signature, now=datetime.now(UTC), window=window)
        except SignatureError as again:
            raise _unauthenticated(kind, again, tenant_id) from None
    if not _is_utf8(raw):
        raise _refuse(
            kind,
            "not_utf8",
            status.HTTP_400_BAD_REQUEST,
            "the body is not valid UTF-8; iSeller sends UTF-8 JSON",
            tenant=tenant_id,
        )

    decision = admit(kind, raw)
    stored = await runtime.writer.store(tenant_id, kind, raw, decision, datetime.now(UTC))
    runtime.relay.nudge()
    outcome = "duplicate" if not stored else ("parked" if isinstance(decision, Unparseable) else "accepted")
    WEBHOOKS_RECEIVED.labels(tenant_id, kind, outcome).inc()
    body = {"status": outcome, "dedupe_key": decision.dedupe_key}
    if isinstance(decision, Unparseable):
        body["reason"] = decision.reason
    return JSONResponse(body, status_code=status.HTTP_200_OK if not stored else status.HTTP_202_ACCEPTED)


def _check_declared_size(request: Request, limit: int, kind: str) -> None:
    declared = request.headers.get("content-length")
    if declared is None:
        return  # chunked: counted while reading
    if not declared.isdigit() or len(declared) > 12:
        raise _refuse(kind, "bad_length", status.HTTP_400_BAD_REQUEST, "malformed Content-Length")
    if int(declared) > limit:
        raise _refuse(kind, "too_large", status.HTTP_413_CONTENT_TOO_LARGE, f"body over {limit} bytes")


async def _read_limited(request: Request, limit: int, kind: str, tenant: str) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _refuse(
                kind,
                "too_large",
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"body over {limit} bytes",
                tenant=tenant,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unauthenticated(kind: str, exc: SignatureError, tenant: str = "") -> HTTPException:
    return _refuse(
        kind, "unauthenticated", status.HTTP_401_UNAUTHORIZED, f"bad signature: {exc.reason}", tenant=tenant
    )


def _refuse(kind: str, outcome: str, code: int, detail: str, *, tenant: str = "") -> HTTPException:
    """Count and refuse. `tenant` only once the tenant is known to exist: a path anyone can type must
    not mint label values (refusals before that are counted under tenant "")."""
    WEBHOOKS_RECEIVED.labels(tenant, kind if kind in WEBHOOK_KINDS else "unknown", outcome).inc()
    return HTTPException(code, detail)
