"""A simulator day end to end with known secrets, then a search for them in clear: every log
file, error replies, every service's /metrics and every column of every table the stack wrote.

Secrets: the operator token, JEMBATAN_SECRET_KEY, the store's iSeller API key and the Accurate
API token and signature secret of every tenant the stack played (the session's played stack,
tests/conftest.py: the whole day's tenants too). Finding one anywhere is a leak.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
from jembatan.devstack import demo

pytestmark = pytest.mark.e2e

TENANT = "quiet-day"  # the played stack's demo day without faults (tests/conftest.py)
SERVICES = ("ingest", "mapper", "poster", "scheduler")
# The Accurate sandbox stands in for Accurate itself: it must know the Accurate token to check it.
OUTSIDE_JEMBATAN = ("accurate-sandbox",)


@pytest.fixture(scope="module")
async def day(played_stack, played_days, played_schema_prefix) -> Any:
    """The session's played stack (tests/conftest.py; its operator token and secret key are fresh
    random ones) and its quiet demo day, then error replies provoked and every /metrics read."""
    stack, outcome = played_stack, played_days[TENANT]
    replies = await provoke_error_replies(stack, outcome["accurate"])
    metrics = {name: (await _get(stack.urls[name] + "/metrics")) for name in SERVICES}
    return {"stack": stack, "outcome": outcome, "replies": replies, "metrics": metrics,
            "prefix": played_schema_prefix, "others": played_days}  # fmt: skip


async def _get(url: str) -> str:
    async with httpx.AsyncClient(timeout=30) as http:
        return (await http.get(url)).text


async def provoke_error_replies(stack: Any, accurate: Any) -> list[str]:
    """Requests that go wrong while carrying a secret: what comes back must not echo it."""
    urls, token = stack.urls, stack.admin_token
    admin = {"Authorization": f"Bearer {token}"}
    replies = []
    async with httpx.AsyncClient(timeout=30) as http:
        for url in urls.values():
            answer = await http.get(
                f"{url}/admin/tenants/{TENANT}/nothing",
                headers={"Authorization": f"Bearer {token}x"},
            )
            replies.append(answer.text)
        answer = await http.put(
            f"{urls['ingest']}/admin/tenants/{TENANT}",
            json={"api_key": demo.ISELLER_API_KEY},
            headers=admin,
        )
        replies.append(answer.text)
        answer = await http.put(
            f"{urls['poster']}/admin/tenants/{TENANT}/accurate",
            json={"api_token": accurate.api_token, "signature_secret": accurate.signature_secret},
            headers=admin,
        )
        replies.append(answer.text)
        answer = await http.post(
            f"{urls['ingest']}/webhooks/iseller/{TENANT}/order",
            content=b"{}",
            headers={
                "Content-Type": "application/json",
                "Timestamp": "now",
                "Signature": demo.ISELLER_API_KEY,
            },
        )
        replies.append(answer.text)
    return replies


def secrets_of(day: dict[str, Any]) -> dict[str, str]:
    """The stack's and the store's secrets, with the Accurate credentials of every tenant played on
    the stack (each tenant's database is its own)."""
    stack = day["stack"]
    found = {
        "operator token": stack.admin_token,
        "secret key": stack.secret_key,
        "iSeller API key": demo.ISELLER_API_KEY,
    }
    for tenant, outcome in day["others"].items():
        accurate = outcome["accurate"]
        found[f"Accurate API token of {tenant}"] = accurate.api_token
        found[f"Accurate signature secret of {tenant}"] = accurate.signature_secret
    return found


def found_in(text: str, secrets: dict[str, str]) -> list[str]:
    return [name for name, value in secrets.items() if value in text]


async def test_the_day_went_through(day) -> None:
    documents = day["outcome"]["documents"]
    assert {d["state"] for d in documents} == {"posted"}, [
        (d["document_type"], d["number"], d["message"]) for d in documents if d["state"] != "posted"
    ]


async def test_no_secret_is_in_any_log_file(day) -> None:
    secrets = secrets_of(day)
    leaks = {}
    for path in sorted(day["stack"].logs_dir.iterdir()):
        if path.is_file() and not path.name.startswith(OUTSIDE_JEMBATAN):
            text = path.read_text(errors="replace")
            if hits := found_in(text, secrets):
                leaks[path.name] = hits
    assert leaks == {}
    assert any(p.name.startswith("ingest") for p in day["stack"].logs_dir.iterdir())


async def test_no_secret_is_in_an_error_reply(day) -> None:
    secrets = secrets_of(day)
    assert day["replies"]
    assert [found_in(reply, secrets) for reply in day["replies"]] == [[] for _ in day["replies"]]


async def test_no_secret_is_in_any_metric(day) -> None:
    secrets = secrets_of(day)
    assert {name: found_in(text, secrets) for name, text in day["metrics"].items()} == {
        n: [] for n in SERVICES
    }


async def test_no_secret_is_in_any_database_column_in_clear(day, postgres_url) -> None:
    secrets = secrets_of(day)
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
