"""`POST /webhooks/iseller/{tenant}/{kind}`: authenticate, store durably, answer fast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse
from jembatan.contracts.iseller import WEBHOOK_KINDS
from jembatan.contracts.iseller.signature import SignatureError, verify
from jembatan.platform.metrics import WEBHOOKS_RECEIVED

from ..adapters.inbox import store_delivery
from ..adapters.tenants import webhook_key
from ..domain.intake import Unparseable, admit
from .deps import Runtime

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/iseller/{tenant_id}/{kind}", status_code=status.HTTP_202_ACCEPTED)
async def receive_webhook(tenant_id: str, kind: str, request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    if kind not in WEBHOOK_KINDS:
        raise _refuse(kind, "unknown_kind", status.HTTP_404_NOT_FOUND, f"unknown webhook kind {kind!r}")
    if "json" not in request.headers.get("content-type", ""):
        raise _refuse(
            kind, "bad_content_type", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send application/json"
        )
    raw = await _read_limited(request, runtime.settings.max_body_bytes, kind)
    api_key = await webhook_key(runtime.db, runtime.secrets, tenant_id)
    if api_key is None:
        raise _refuse(
            kind, "unauthenticated", status.HTTP_401_UNAUTHORIZED, "unknown tenant or bad signature"
        )
    try:
        verify(
            api_key,
            raw,
            request.headers.get("Timestamp"),
            request.headers.get("Signature"),
            now=datetime.now(UTC),
            window=timedelta(seconds=runtime.settings.replay_window_seconds),
        )
    except SignatureError as exc:
        raise _refuse(
            kind, "unauthenticated", status.HTTP_401_UNAUTHORIZED, f"bad signature: {exc}"
        ) from None

    decision = admit(kind, raw)
    stored = await store_delivery(runtime.db, tenant_id, kind, raw, decision, datetime.now(UTC))
    runtime.relay.nudge()
    outcome = "duplicate" if not stored else ("parked" if isinstance(decision, Unparseable) else "accepted")
    WEBHOOKS_RECEIVED.labels(kind, outcome).inc()
    body = {"status": outcome, "dedupe_key": decision.dedupe_key}
    if isinstance(decision, Unparseable):
        body["reason"] = decision.reason
    return JSONResponse(body, status_code=status.HTTP_200_OK if not stored else status.HTTP_202_ACCEPTED)


async def _read_limited(request: Request, limit: int, kind: str) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _refuse(kind, "too_large", status.HTTP_413_CONTENT_TOO_LARGE, f"body over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _refuse(kind, "too_large", status.HTTP_413_CONTENT_TOO_LARGE, f"body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(kind: str, outcome: str, code: int, detail: str) -> HTTPException:
    WEBHOOKS_RECEIVED.labels(kind if kind in WEBHOOK_KINDS else "unknown", outcome).inc()
    return HTTPException(code, detail)
