"""Each attempt a client makes is reported with the outcome the alerts read: ok, refused,
unreachable or throttled, and every request's wait for the database's budget."""

from __future__ import annotations

import httpx
import pytest
from jembatan.accurate import AccurateClient, AccurateError, ApiTokenAuth, RequestBudget, RetryPolicy
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate, fail, ok, reply

LIST = "GET /accurate/api/item/list.do"
DETAIL = "GET /accurate/api/item/detail.do"


class Seen:
    def __init__(self) -> None:
        self.attempts: list[tuple[str, str]] = []
        self.waits: list[float] = []

    def attempted(self, endpoint: str, outcome: str) -> None:
        self.attempts.append((endpoint, outcome))

    def waited(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def observed(fake: FakeAccurate, policy: RetryPolicy, api_token_auth: ApiTokenAuth):
    seen = Seen()
    async with AccurateClient(
        api_token_auth, FAKE_ACCOUNT_URL, budget=RequestBudget(100, 100), retry=policy,
        http_transport=httpx.MockTransport(fake), observer=seen,
    ) as client:  # fmt: skip
        yield client, seen


def data_calls(seen: Seen) -> list[tuple[str, str]]:
    return [a for a in seen.attempts if a[0].startswith("item/")]


async def test_an_answer_is_ok_and_its_budget_wait_is_reported(observed, fake: FakeAccurate) -> None:
    client, seen = observed
    fake.on(LIST, lambda _: ok([], sp={"page": 1, "pageCount": 1, "rowCount": 0, "pageSize": 100}))
    await client.list("item", ["id"])
    assert data_calls(seen) == [("item/list.do", "ok")]
    assert len(seen.waits) == len(seen.attempts) and all(w >= 0 for w in seen.waits)


async def test_a_refusal_is_refused_and_not_found_counts_as_an_answer(observed, fake: FakeAccurate) -> None:
    client, seen = observed
    fake.on("POST /accurate/api/item/save.do", lambda _: fail("Nama Barang harus diisi"))
    with pytest.raises(AccurateError):
        await client.save("item", {"no": "SKU-1"})
    fake.on(DETAIL, lambda _: fail("Barang tidak tepat"))
    with pytest.raises(AccurateError):
        await client.detail("item", id=9)
    assert data_calls(seen) == [("item/save.do", "refused"), ("item/detail.do", "ok")]


async def test_throttled_then_unreachable_attempts_are_each_counted(observed, fake: FakeAccurate) -> None:
    client, seen = observed
    fake.on(DETAIL, lambda _: reply({"s": False, "d": ["Too many requests"]}, 429),
            lambda _: reply({"s": False, "d": ["java.lang.NullPointerException"]}, 500),
            lambda _: ok({"id": 9}))  # fmt: skip
    assert (await client.detail("item", id=9))["id"] == 9
    assert data_calls(seen) == [
        ("item/detail.do", "throttled"),
        ("item/detail.do", "unreachable"),
        ("item/detail.do", "ok"),
    ]
