"""OAuth: open-db discovery, transparent session renewal and token refresh — once."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import httpx
import pytest
from jembatan.accurate import (
    AccurateClient,
    AccurateError,
    FailureKind,
    OAuthAuth,
    RequestBudget,
    RetryPolicy,
)
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FAKE_DATA_URL, FakeAccurate, fail, ok, reply

LIST = "GET /accurate/api/item/list.do"
SESSION_EXPIRED = {"s": False, "d": ["Data Session Key tidak tepat"]}


@pytest.fixture
def refreshed() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def oauth(refreshed: list[tuple[str, str]]) -> OAuthAuth:
    async def store(access: str, refresh: str) -> None:
        refreshed.append((access, refresh))

    return OAuthAuth("AT-1", "RT-1", "client-id", "client-secret", 1156, on_tokens_refreshed=store)


@pytest.fixture
async def oclient(fake: FakeAccurate, oauth: OAuthAuth) -> AsyncIterator[AccurateClient]:
    async def instant(_: float) -> None:
        return None

    async with AccurateClient(
        oauth,
        FAKE_ACCOUNT_URL,
        budget=RequestBudget(100, 100),
        retry=RetryPolicy(sleep=instant),
        http_transport=httpx.MockTransport(fake),
    ) as accurate:
        yield accurate


def sessions(fake: FakeAccurate) -> None:
    counter = iter(range(2, 100))
    fake.on(
        "GET /api/open-db.do",
        lambda r: reply({"s": True, "host": FAKE_DATA_URL, "session": f"S{next(counter)}"}),
    )


async def test_open_db_gives_host_and_session_sent_with_the_bearer_token(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(LIST, lambda r: ok([]))
    await oclient.list("item")
    open_db = fake.calls("GET /api/open-db.do")[0]
    assert open_db.url.params["id"] == "1156"
    assert open_db.headers["authorization"] == "Bearer AT-1"
    data = fake.calls(LIST)[0]
    assert (data.headers["authorization"], data.headers["x-session-id"]) == ("Bearer AT-1", "S1")


async def test_expired_session_is_renewed_once_transparently(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    sessions(fake)
    fake.on(LIST, lambda r: reply(SESSION_EXPIRED, 401), lambda r: ok([{"id": 1}]))
    page = await oclient.list("item")
    assert page.rows == [{"id": 1}]
    assert [r.headers["x-session-id"] for r in fake.calls(LIST)] == ["S2", "S3"]


async def test_session_that_stays_expired_is_an_auth_failure(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    sessions(fake)
    fake.on(LIST, lambda r: reply(SESSION_EXPIRED, 401))
    with pytest.raises(AccurateError) as caught:
        await oclient.list("item")
    assert caught.value.kind is FailureKind.AUTH
    assert len(fake.calls(LIST)) == 2


async def test_expired_token_is_refreshed_once_and_the_owner_told(
    oclient: AccurateClient, fake: FakeAccurate, refreshed: list[tuple[str, str]]
) -> None:
    fake.on(
        "POST /oauth/token",
        lambda r: reply({"access_token": "AT-2", "refresh_token": "RT-2", "expires_in": 3600}),
    )
    fake.on(LIST, lambda r: reply({"error": "invalid_token"}, 401), lambda r: ok([]))
    await oclient.list("item")
    token_call = fake.calls("POST /oauth/token")[0]
    assert (
        token_call.headers["authorization"]
        == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    )
    assert parse_qs(token_call.content.decode()) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["RT-1"],
    }
    assert fake.calls(LIST)[-1].headers["authorization"] == "Bearer AT-2"
    assert refreshed == [("AT-2", "RT-2")]


async def test_refresh_without_new_refresh_token_keeps_the_old_one(
    oclient: AccurateClient, fake: FakeAccurate, oauth: OAuthAuth
) -> None:
    fake.on("POST /oauth/token", lambda r: reply({"access_token": "AT-2"}))
    fake.on(LIST, lambda r: reply({"error": "invalid_token"}, 401), lambda r: ok([]))
    await oclient.list("item")
    assert (oauth.access_token, oauth.refresh_token) == ("AT-2", "RT-1")


async def test_rejected_refresh_is_an_auth_failure(oclient: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("POST /oauth/token", lambda r: reply({"error": "invalid_grant"}, 400))
    fake.on(LIST, lambda r: reply({"error": "invalid_token"}, 401))
    with pytest.raises(AccurateError) as caught:
        await oclient.list("item")
    assert caught.value.kind is FailureKind.AUTH
    assert caught.value.messages == ["invalid_grant"]


async def test_many_callers_hitting_one_expired_session_renew_it_once(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    import asyncio

    sessions(fake)
    fake.on(LIST, lambda r: reply(SESSION_EXPIRED, 401) if r.headers["x-session-id"] == "S2" else ok([]))
    await oclient.connect()  # session S2
    await asyncio.gather(*(oclient.list("item") for _ in range(10)))
    assert len(fake.calls("GET /api/open-db.do")) == 2


async def test_create_rejected_for_an_expired_session_is_resent_after_renewal(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    sessions(fake)
    save = "POST /accurate/api/item/save.do"
    fake.on(
        save,
        lambda r: reply(SESSION_EXPIRED, 401),
        lambda r: reply({"s": True, "r": {"id": 3, "no": "SKU-1"}}),
    )
    result = await oclient.save("item", {"no": "SKU-1", "name": "Kopi"})
    assert (result.id, result.number) == (3, "SKU-1")


async def test_open_db_refused_for_an_expired_token_refreshes_first(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on("POST /oauth/token", lambda r: reply({"access_token": "AT-2"}))
    fake.on(
        "GET /api/open-db.do",
        lambda r: reply({"error": "invalid_token"}, 401),
        lambda r: reply({"s": True, "host": FAKE_DATA_URL, "session": "S9"}),
    )
    fake.on(LIST, lambda r: ok([]) if r.headers["x-session-id"] == "S9" else fail("?"))
    await oclient.list("item")
    assert fake.calls("GET /api/open-db.do")[-1].headers["authorization"] == "Bearer AT-2"


async def test_database_the_token_cannot_open_is_an_auth_failure(
    oclient: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on("GET /api/open-db.do", lambda r: fail("Data Usaha tidak tepat"))
    with pytest.raises(AccurateError) as caught:
        await oclient.list("item")
    assert (caught.value.kind, caught.value.messages) == (FailureKind.AUTH, ["Data Usaha tidak tepat"])
