"""Both auth methods against the sandbox: discovery, signing, renewal, refresh, rejection."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jembatan.accurate import AccurateClient, AccurateError, ApiTokenAuth, FailureKind, OAuthAuth

REDIRECT_URI = "http://127.0.0.1/callback"


async def oauth_tokens(
    sandbox: Any, database: dict[str, Any], scopes: str = "item_view item_save"
) -> dict[str, Any]:
    """Run the authorization-code grant against the sandbox's consent form."""
    async with httpx.AsyncClient(base_url=sandbox.account_url) as http:
        form = {
            "client_id": database["clientId"], "redirect_uri": REDIRECT_URI, "response_type": "code",
            "scope": scopes, "user": database["user"], "decision": "allow",
        }  # fmt: skip
        consent = await http.post("/oauth/authorize", data=form)
        code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
        exchange = await http.post(
            "/oauth/token",
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
            auth=(database["clientId"], database["clientSecret"]),
        )
        exchange.raise_for_status()
        return dict(exchange.json())


def oauth(
    database: dict[str, Any], tokens: dict[str, Any], seen: list[tuple[str, str]] | None = None
) -> OAuthAuth:
    def store(access: str, refresh: str) -> None:
        if seen is not None:
            seen.append((access, refresh))

    return OAuthAuth(
        tokens["access_token"], tokens["refresh_token"], database["clientId"], database["clientSecret"],
        database["id"], on_tokens_refreshed=store,
    )  # fmt: skip


async def test_api_token_discovers_the_data_host_and_signs_calls(
    sandbox: Any, database: dict[str, Any], accurate: AccurateClient
) -> None:
    assert await accurate.connect() == sandbox.data_url
    assert accurate.budget is not None and accurate.auth.budget_key == f"db:{database['id']}"
    page = await accurate.list("glaccount", fields=["no", "accountType"], page_size=5)
    assert page.rows and page.row_count and page.row_count > 5


@pytest.mark.parametrize("style", ["unix_ms", "unix", "iso", "jakarta"])
async def test_every_timestamp_style_is_accepted(sandbox: Any, database: dict[str, Any], style: str) -> None:
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"], timestamp_style=style)  # type: ignore[arg-type]
    async with AccurateClient(auth, sandbox.account_url) as client:
        assert (await client.list("branch", fields=["name"])).rows[0]["name"] == "Pusat"


async def test_hex_signatures_are_accepted(sandbox: Any, database: dict[str, Any]) -> None:
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"], encoding="hex")
    async with AccurateClient(auth, sandbox.account_url) as client:
        await client.list("warehouse", fields=["name"])


async def test_wrong_signature_secret_is_an_auth_failure_without_the_secret_in_it(
    sandbox: Any, database: dict[str, Any]
) -> None:
    auth = ApiTokenAuth(database["apiToken"], "0" * 32)
    async with AccurateClient(auth, sandbox.account_url) as client:
        with pytest.raises(AccurateError) as caught:
            await client.list("item")
    assert caught.value.kind is FailureKind.AUTH
    assert any("X-Api-Signature" in m for m in caught.value.messages)
    assert database["apiToken"] not in str(caught.value)


async def test_revoked_api_token_is_an_auth_failure(
    admin: httpx.AsyncClient, accurate: AccurateClient, database: dict[str, Any]
) -> None:
    await accurate.connect()
    await admin.post("/expire", json={"apiToken": database["apiToken"]})
    with pytest.raises(AccurateError) as caught:
        await accurate.list("item")
    assert (caught.value.kind, caught.value.status) == (FailureKind.AUTH, 401)


async def test_token_without_a_scope_gets_a_scope_failure(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    issued = (await admin.post(f"/databases/{database['id']}/tokens", json={"scopes": ["item_view"]})).json()
    async with AccurateClient(
        ApiTokenAuth(issued["apiToken"], issued["signatureSecret"]), sandbox.account_url
    ) as client:
        await client.list("item")
        with pytest.raises(AccurateError) as caught:
            await client.save("item", {"no": "SKU-S", "name": "x", "itemType": "SERVICE"})
    assert (caught.value.kind, caught.value.status) == (FailureKind.SCOPE, 403)


async def test_oauth_opens_the_database_and_sends_the_session(sandbox: Any, database: dict[str, Any]) -> None:
    auth = oauth(database, await oauth_tokens(sandbox, database))
    async with AccurateClient(auth, sandbox.account_url) as client:
        assert await client.connect() == sandbox.data_url
        saved = await client.save("item", {"no": "SKU-O", "name": "Kopi", "itemType": "SERVICE"})
        assert saved.number == "SKU-O"


async def test_oauth_expired_session_is_renewed_transparently(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    auth = oauth(database, await oauth_tokens(sandbox, database))
    async with AccurateClient(auth, sandbox.account_url) as client:
        await client.list("item")
        generation = auth.generation
        await admin.post("/expire", json={"allSessions": True})
        await client.list("item")
        assert auth.generation == generation + 1


async def test_oauth_expired_token_is_refreshed_and_handed_to_the_owner(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    tokens = await oauth_tokens(sandbox, database)
    seen: list[tuple[str, str]] = []
    auth = oauth(database, tokens, seen)
    async with AccurateClient(auth, sandbox.account_url) as client:
        await client.list("item")
        await admin.post("/expire", json={"accessToken": tokens["access_token"]})
        await client.list("item")
    assert len(seen) == 1 and seen[0][0] != tokens["access_token"]
    assert auth.access_token == seen[0][0]


async def test_oauth_token_that_cannot_be_refreshed_is_an_auth_failure(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    tokens = await oauth_tokens(sandbox, database)
    auth = OAuthAuth(
        tokens["access_token"],
        "not-a-refresh-token",
        database["clientId"],
        database["clientSecret"],
        database["id"],
    )
    async with AccurateClient(auth, sandbox.account_url) as client:
        await client.list("item")
        await admin.post("/expire", json={"accessToken": tokens["access_token"]})
        with pytest.raises(AccurateError) as caught:
            await client.list("item")
    assert caught.value.kind is FailureKind.AUTH
    assert tokens["access_token"] not in str(caught.value)


async def test_oauth_missing_scope_is_a_scope_failure(sandbox: Any, database: dict[str, Any]) -> None:
    auth = oauth(database, await oauth_tokens(sandbox, database, scopes="item_view"))
    async with AccurateClient(auth, sandbox.account_url) as client:
        with pytest.raises(AccurateError) as caught:
            await client.save("customer", {"customerNo": "C.X", "name": "x"})
    assert caught.value.kind is FailureKind.SCOPE


async def test_account_level_call_returns_the_envelope(accurate: AccurateClient) -> None:
    envelope = await accurate.call_account("GET", "approved-scope")
    assert envelope["s"] is True
