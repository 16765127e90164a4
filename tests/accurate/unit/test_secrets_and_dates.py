"""Secrets never reach exceptions or logs; Accurate's date formats."""

from __future__ import annotations

import logging
import pickle
from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest
from jembatan.accurate import (
    AccurateClient,
    AccurateError,
    ApiTokenAuth,
    OAuthAuth,
    RequestBudget,
    RetryPolicy,
    accurate_date,
    accurate_timestamp,
    parse_accurate_timestamp,
)
from jembatan.accurate.redact import redact
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate, reply

TOKEN = "aat.SECRETAPP.eyJkIjo5OX0.SECRETSIG"
SIGNING = "signing-secret-value-123"


async def test_server_messages_echoing_secrets_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeAccurate()
    fake.on(
        "GET /accurate/api/item/list.do",
        lambda r: reply(
            {"error": "invalid_token", "error_description": f"Invalid access token: {TOKEN}"}, 401
        ),
    )
    caplog.set_level(logging.DEBUG, logger="jembatan.accurate")
    async with AccurateClient(
        ApiTokenAuth(TOKEN, SIGNING),
        FAKE_ACCOUNT_URL,
        RequestBudget(9, 9),
        http_transport=httpx.MockTransport(fake),
    ) as client:
        with pytest.raises(AccurateError) as caught:
            await client.list("item")
    signature = fake.seen[-1].headers["x-api-signature"]
    texts = [
        str(caught.value),
        repr(caught.value),
        caplog.text,
        repr(client.auth),
        str(pickle.loads(pickle.dumps(caught.value))),
    ]
    for text in texts:
        for secret in (TOKEN, SIGNING, signature, "SECRETSIG"):
            assert secret not in text
    assert "invalid_token" in str(caught.value)


async def test_network_failures_do_not_leak_headers(caplog: pytest.LogCaptureFixture) -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(f"timed out {request.headers['authorization']}", request=request)

    fake = FakeAccurate()
    fake.on("POST /accurate/api/item/save.do", drop)
    caplog.set_level(logging.DEBUG, logger="jembatan.accurate")
    auth = OAuthAuth("ACCESS-SECRET-1", "REFRESH-SECRET-1", "cid", "CLIENT-SECRET-1", 5)
    async with AccurateClient(
        auth,
        FAKE_ACCOUNT_URL,
        RequestBudget(9, 9),
        retry=RetryPolicy(max_attempts=1),
        http_transport=httpx.MockTransport(fake),
    ) as client:
        with pytest.raises(AccurateError) as caught:
            await client.save("item", {"no": "x"})
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    for text in (str(caught.value), caplog.text, repr(auth)):
        for secret in ("ACCESS-SECRET-1", "REFRESH-SECRET-1", "CLIENT-SECRET-1", "S1"):
            assert secret not in text


async def test_log_records_carry_structured_extras(
    client: AccurateClient, fake: FakeAccurate, caplog: pytest.LogCaptureFixture
) -> None:
    fake.on("GET /accurate/api/item/list.do", lambda r: reply({"s": True, "d": []}))
    caplog.set_level(logging.DEBUG, logger="jembatan.accurate")
    await client.list("item")
    record = caplog.records[-1]
    assert record.endpoint == "item/list.do"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]
    assert record.kind is None  # type: ignore[attr-defined]
    assert record.duration >= 0  # type: ignore[attr-defined]


def test_redact_masks_token_shapes_it_was_not_told_about() -> None:
    assert redact("Bearer abc.def.ghi and aat.x.y.z") == "Bearer *** and ***"
    assert redact("session: 312e5621-aaaa-bbbb") == "session: ***"


def test_dates_are_formatted_in_jakarta_time() -> None:
    assert accurate_date(date(2025, 1, 5)) == "05/01/2025"
    late_utc = datetime(2025, 12, 31, 18, 30, tzinfo=UTC)  # 01:30 next day in Jakarta
    assert accurate_date(late_utc) == "01/01/2026"
    assert accurate_timestamp(late_utc) == "01/01/2026 01:30:00"
    assert (
        accurate_timestamp(datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=8))))
        == "01/01/2025 11:00:00"
    )
    assert parse_accurate_timestamp("01/01/2026 01:30:00") == late_utc


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        accurate_timestamp(datetime(2025, 1, 1))
