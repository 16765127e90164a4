"""API-token auth: signature, headers, host discovery."""

from __future__ import annotations

import base64
import hashlib
import hmac

from jembatan.accurate import AccurateClient, ApiTokenAuth, sign
from jembatan.accurate.api_token import format_timestamp, token_database_id
from jembatan.accurate.testing import FAKE_ACCOUNT_URL as ACCOUNT
from jembatan.accurate.testing import FAKE_DATA_URL as DATA
from jembatan.accurate.testing import FakeAccurate, reply

TOKEN = "aat.TESTAPPKEY.eyJkIjo0MiwiYWsiOiJrIn0.sig"
SECRET = "31d49b3dc632614495ff8071e5be44a1"


def test_signature_matches_the_official_test_vector() -> None:
    assert sign("31d49b3dc632614495ff8071e5be44a1", "02/11/2023 09:01:01") == (
        "8NxvylwwMcjGyzVXK0qbwNvFFuzHpwE9tECllVwLkbo="
    )


def test_hex_signature_is_the_same_digest_as_base64() -> None:
    hexed = sign(SECRET, "1700000000000", "hex")
    assert base64.b64decode(sign(SECRET, "1700000000000")).hex() == hexed


def test_timestamp_styles_are_the_forms_accurate_accepts() -> None:
    moment = 1698915661.0  # 2023-11-02T09:01:01Z
    assert format_timestamp(moment, "unix_ms") == "1698915661000"
    assert format_timestamp(moment, "unix") == "1698915661"
    assert format_timestamp(moment, "iso") == "2023-11-02T09:01:01Z"
    assert format_timestamp(moment, "jakarta") == "02/11/2023 16:01:01"


def test_database_id_is_read_from_the_token_claims() -> None:
    assert token_database_id(TOKEN) == "42"
    assert token_database_id("not-a-token") is None
    assert ApiTokenAuth(TOKEN, SECRET).budget_key == "db:42"
    assert ApiTokenAuth("aat.x", SECRET).budget_key.startswith("token:")


async def test_host_is_discovered_once_then_data_calls_are_signed(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on("GET /accurate/api/item/list.do", lambda r: reply({"s": True, "d": [], "sp": {"pageCount": 0}}))
    await client.list("item")
    await client.list("item")
    assert len(fake.calls("GET /api/api-token.do")) == 1
    data_call = fake.calls("GET /accurate/api/item/list.do")[0]
    assert str(data_call.url).startswith(DATA)
    assert data_call.headers["authorization"] == f"Bearer {TOKEN}"
    timestamp = data_call.headers["x-api-timestamp"]
    expected = hmac.new(SECRET.encode(), timestamp.encode(), hashlib.sha256).digest()
    assert base64.b64decode(data_call.headers["x-api-signature"]) == expected
    assert "x-session-id" not in data_call.headers


async def test_discovery_call_is_signed_and_goes_to_the_account_host(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    assert await client.connect() == DATA
    discovery = fake.calls("GET /api/api-token.do")[0]
    assert str(discovery.url).startswith(ACCOUNT)
    assert "x-api-signature" in discovery.headers


async def test_host_falls_back_to_d_host(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("GET /api/api-token.do", lambda r: reply({"s": True, "d": {"host": "https://odin.accurate.id/"}}))
    assert await client.connect() == "https://odin.accurate.id"
