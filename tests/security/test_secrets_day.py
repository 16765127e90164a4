"""A simulator day end to end with known secrets, then a search for them in clear: every log
file, error replies, every service's /metrics and every column of every table the stack wrote.

Secrets: the operator token, JEMBATAN_SECRET_KEY, the store's iSeller API key and the Accurate
API token and signature secret. Finding one anywhere is a leak.
"""

from __future__ import annotations

import base64
import os
from typing import Any

import asyncpg
import httpx
import pytest
from jembatan.devstack import demo
from jembatan.devstack.pytest_plugin import start_stack

pytestmark = pytest.mark.e2e

ADMIN_TOKEN = "secrets-day-operator-token-" + base64.urlsafe_b64encode(os.urandom(12)).decode()
SECRET_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
SERVICES = ("ingest", "mapper", "poster", "scheduler")
# The Accurate sandbox stands in for Accurate itself: it must know the Accurate token to check it.
OUTSIDE_JEMBATAN = ("accurate-sandbox",)


@pytest.fixture(scope="module")
async def day(tmp_path_factory, postgres_url, unique_name) -> Any:
    prefix = unique_name("secrets") + "_"
    async with start_stack(
        tmp_path_factory.mktemp("stack"),
        database_url=postgres_url,
        schema_prefix=prefix,
        admin_token=ADMIN_TOKEN,
        secret_key=SECRET_KEY,
    ) as stack:
        outcome = await demo.run(stack)
        replies = await provoke_error_replies(stack.urls, outcome["accurate"])
        metrics = {name: (await _get(stack.urls[name] + "/metrics")) for name in SERVICES}
        yield {"stack": stack, "outcome": outcome, "replies": replies, "metrics": metrics, "prefix": prefix}


async def _get(url: str) -> str:
    async with httpx.AsyncClient(timeout=30) as http:
        return (await http.get(url)).text


async def provoke_error_replies(urls: dict[str, str], accurate: Any) -> list[str]:
    """Requests that go wrong while carrying a secret: what comes back must not echo it."""
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    replies = []
    async with httpx.AsyncClient(timeout=30) as http:
        for url in urls.values():
            answer = await http.get(
                f"{url}/admin/tenants/{demo.TENANT}/nothing",
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}x"},
            )
            replies.append(answer.text)
        answer = await http.put(
            f"{urls['ingest']}/admin/tenants/{demo.TENANT}",
            json={"api_key": demo.ISELLER_API_KEY},
            headers=admin,
        )
        replies.append(answer.text)
        answer = await http.put(
            f"{urls['poster']}/admin/tenants/{demo.TENANT}/accurate",
            json={"api_token": accurate.api_token, "signature_secret": accurate.signature_secret},
            headers=admin,
        )
        replies.append(answer.text)
        answer = await http.post(
            f"{urls['ingest']}/webhooks/iseller/{demo.TENANT}/order",
            content=b"{}",
            headers={
                "Content-Type": "application/json",
                "Timestamp": "now",
                "Signature": demo.ISELLER_API_KEY,
            },
        )
        replies.append(answer.text)
    return replies


def secrets_of(outcome: dict[str, Any]) -> dict[str, str]:
    accurate = outcome["accurate"]
    return {
        "operator token": ADMIN_TOKEN,
        "secret key": SECRET_KEY,
        "iSeller API key": demo.ISELLER_API_KEY,
        "Accurate API token": accurate.api_token,
        "Accurate signature secret": accurate.signature_secret,
    }


def found_in(text: str, secrets: dict[str, str]) -> list[str]:
    return [name for name, value in secrets.items() if value in text]


async def test_the_day_went_through(day) -> None:
    documents = day["outcome"]["documents"]
    assert {d["state"] for d in documents} == {"posted"}, [
        (d["document_type"], d["number"], d["message"]) for d in documents if d["state"] != "posted"
    ]


async def test_no_secret_is_in_any_log_file(day) -> None:
    secrets = secrets_of(day["outcome"])
    leaks = {}
    for path in sorted(day["stack"].logs_dir.iterdir()):
        if path.is_file() and not path.name.startswith(OUTSIDE_JEMBATAN):
            text = path.read_text(errors="replace")
            if hits := found_in(text, secrets):
                leaks[path.name] = hits
    assert leaks == {}
    assert any(p.name.startswith("ingest") for p in day["stack"].logs_dir.iterdir())


async def test_no_secret_is_in_an_error_reply(day) -> None:
    secrets = secrets_of(day["outcome"])
    assert day["replies"]
    assert [found_in(reply, secrets) for reply in day["replies"]] == [[] for _ in day["replies"]]


async def test_no_secret_is_in_any_metric(day) -> None:
    secrets = secrets_of(day["outcome"])
    assert {name: found_in(text, secrets) for name, text in day["metrics"].items()} == {
        n: [] for n in SERVICES
    }


async def test_no_secret_is_in_any_database_column_in_clear(day, postgres_url) -> None:
    secrets = secrets_of(day["outcome"])
    dsn = postgres_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    leaks, rows_seen = {}, 0
    try:
        tables = await connection.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE $1",
            day["prefix"] + "%",
        )
        assert tables
        for table in tables:
            rows = await connection.fetch(f'SELECT * FROM "{table["table_schema"]}"."{table["table_name"]}"')
            for row in rows:
                rows_seen += 1
                text = " ".join(_as_text(value) for value in row.values())
                if hits := found_in(text, secrets):
                    leaks.setdefault(f"{table['table_schema']}.{table['table_name']}", set()).update(hits)
    finally:
        await connection.close()
    assert rows_seen > 100
    assert leaks == {}


def _as_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)
