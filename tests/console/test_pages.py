"""The console's HTTP face without a browser: polite failures, cookie hygiene, CSRF on every POST."""

import re

import httpx
from jembatan.console.app import create_app
from jembatan.console.config import ConsoleSettings
from jembatan.devstack.ports import free_port


def console_without_services() -> httpx.AsyncClient:
    """The console pointed at addresses where nothing listens (a stopped or misconfigured stack)."""
    dead = f"http://127.0.0.1:{free_port()}"
    settings = ConsoleSettings(ingest_url=dead, mapper_url=dead, poster_url=dead, scheduler_url=dead)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings)), base_url="http://console")


async def csrf_of(client: httpx.AsyncClient, path: str = "/signin") -> str:
    page = await client.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


async def test_a_stopped_service_is_a_sentence_naming_it_not_a_trace():
    async with console_without_services() as client:
        answer = await client.post("/signin", data={"token": "t", "csrf_token": await csrf_of(client)})
    assert answer.status_code == 503
    assert "cannot reach the mapper service at http://127.0.0.1:" in answer.text
    assert "Traceback" not in answer.text


async def test_an_unknown_page_says_so_in_words():
    async with console_without_services() as client:
        answer = await client.get("/no-such-page")
    assert answer.status_code == 404 and "There is no such page." in answer.text


async def test_a_page_of_a_tenant_needs_a_signed_in_operator():
    async with console_without_services() as client:
        answer = await client.get("/t/toko-1/parked")
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"


async def test_a_forged_cookie_is_a_signed_out_session():
    async with console_without_services() as client:
        client.cookies.set("jembatan_console", "forged-value")
        answer = await client.get("/tenants")
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"


async def test_every_post_without_the_csrf_token_is_refused():
    async with console_without_services() as client:
        await client.get("/signin")
        for path in ("/signin", "/signout", "/language", "/tenants", "/tenants/open", "/t/toko-1/connect/accurate",
                     "/t/toko-1/connect/iseller-webhooks", "/t/toko-1/connect/iseller-api", "/t/toko-1/outlets/open", "/t/toko-1/outlets/pull",
                     "/t/toko-1/outlets/o1", "/t/toko-1/products/import", "/t/toko-1/parked/redrive",
                     "/t/toko-1/synchronization"):  # fmt: skip
            answer = await client.post(path, data={"csrf_token": "forged"})
            assert answer.status_code == 403, path
            assert "did not come from this console" in answer.text


async def test_the_language_switch_never_sends_the_browser_to_another_site():
    async with console_without_services() as client:
        csrf = await csrf_of(client)
        answer = await client.post("/language", data={"csrf_token": csrf, "lang": "id", "back": "//evil.example/"})
    assert answer.headers["location"] == "/"


async def test_the_session_cookie_is_httponly_and_samesite_strict():
    async with console_without_services() as client:
        answer = await client.get("/signin")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
