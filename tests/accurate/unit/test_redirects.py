"""308 Permanent Redirect: repeated with method, body and Authorization; new host remembered."""

from __future__ import annotations

import httpx
import pytest
from jembatan.accurate import (
    AccurateClient,
    AccurateError,
    ApiTokenAuth,
    FailureKind,
    RequestBudget,
    RetryPolicy,
)
from jembatan.accurate.redirects import redirect_allowed
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate, reply

TOKEN = "aat.TESTAPPKEY.eyJkIjo0MiwiYWsiOiJrIn0.sig"  # the same database as the ``client`` fixture's token
SECRET = "31d49b3dc632614495ff8071e5be44a1"

SAVE = "POST /accurate/api/item/save.do"


def moved_to(host: str):  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "zeus.accurate.id":
            return httpx.Response(308, headers={"Location": f"{host}{request.url.raw_path.decode()}"})
        return reply(
            {"s": True, "d": ["ok"], "r": {"id": 1, "no": "SKU-1"}, "echo": request.content.decode()}
        )

    return handler


async def test_post_is_repeated_at_the_new_host_with_body_and_authorization(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, moved_to("https://odin.accurate.id"))
    result = await client.save("item", {"no": "SKU-1", "name": "Kopi"})
    assert result.id == 1
    first, second = fake.calls(SAVE)
    assert (second.method, second.url.host) == ("POST", "odin.accurate.id")
    assert second.content == first.content == b'{"no":"SKU-1","name":"Kopi"}'
    assert second.headers["authorization"] == first.headers["authorization"]
    assert "x-api-signature" in second.headers


async def test_new_host_is_used_from_then_on(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(SAVE, moved_to("https://odin.accurate.id"))
    await client.save("item", {"no": "SKU-1", "name": "Kopi"})
    await client.save("item", {"no": "SKU-2", "name": "Teh"})
    assert [r.url.host for r in fake.calls(SAVE)] == [
        "zeus.accurate.id",
        "odin.accurate.id",
        "odin.accurate.id",
    ]
    assert client.auth.host == "https://odin.accurate.id"


async def test_query_survives_the_redirect(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("GET /accurate/api/item/detail.do", moved_to("https://odin.accurate.id"))
    await client.call("GET", "item", "detail", params={"no": "SKU-1"})
    assert fake.calls("GET /accurate/api/item/detail.do")[-1].url.params["no"] == "SKU-1"


async def test_credentials_are_not_sent_to_a_foreign_domain(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, moved_to("https://evil.example.com"))
    with pytest.raises(AccurateError) as caught:
        await client.save("item", {"no": "SKU-1", "name": "Kopi"})
    assert caught.value.kind is FailureKind.SERVER
    assert caught.value.status == 308
    assert [r.url.host for r in fake.calls(SAVE)] == ["zeus.accurate.id"]


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        ("https://zeus.accurate.id/a", "https://odin.accurate.id/a", True),
        ("https://zeus.accurate.id/a", "http://odin.accurate.id/a", False),
        ("https://zeus.accurate.id/a", "https://accurate.id.evil.com/a", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", True),
        ("http://127.0.0.1:8001/a", "http://10.0.0.1:8002/a", False),
    ],
)
def test_redirect_policy(source: str, target: str, allowed: bool) -> None:
    assert redirect_allowed(httpx.URL(source), httpx.URL(target)) is allowed


async def test_another_client_of_the_same_database_goes_straight_to_the_new_host(
    client: AccurateClient, fake: FakeAccurate, policy: RetryPolicy
) -> None:
    fake.on(SAVE, moved_to("https://odin.accurate.id"))
    await client.save("item", {"no": "SKU-1", "name": "Kopi"})
    sibling_auth = ApiTokenAuth(TOKEN, SECRET)
    async with AccurateClient(sibling_auth, FAKE_ACCOUNT_URL, budget=RequestBudget(100, 100), retry=policy,
                              http_transport=httpx.MockTransport(fake)) as sibling:
        await sibling.save("item", {"no": "SKU-2", "name": "Teh"})
    hosts = [request.url.host for request in fake.calls(SAVE)]
    assert hosts == ["zeus.accurate.id", "odin.accurate.id", "odin.accurate.id"]  # one redirect in all


async def test_no_request_asks_for_another_message_language(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(SAVE, moved_to("https://odin.accurate.id"))
    await client.save("item", {"no": "SKU-1", "name": "Kopi"})
    assert fake.seen and all("x-language-profile" not in request.headers for request in fake.seen)
