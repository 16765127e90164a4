"""Every failure class, produced by the real sandbox over real HTTP (faults injected deterministically)."""

from __future__ import annotations

from typing import Any

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


async def masters(client: AccurateClient) -> None:
    await client.save("customer", {"customerNo": "C.1", "name": "Umum"})
    await client.save("item", {"no": "SKU-1", "name": "Kopi", "itemType": "INVENTORY", "unitPrice": 25000})


def invoice(number: str) -> dict[str, Any]:
    return {
        "customerNo": "C.1", "number": number, "transDate": "25/12/2025",
        "detailItem": [{"itemNo": "SKU-1", "quantity": 2, "unitPrice": 25000, "warehouseName": "Utama"}],
    }  # fmt: skip


async def failure(call: Any) -> AccurateError:
    with pytest.raises(AccurateError) as caught:
        await call
    return caught.value


async def test_validation_failure_carries_accurates_message(accurate: AccurateClient) -> None:
    await masters(accurate)
    error = await failure(accurate.save("sales-invoice", {"customerNo": "C.1", "transDate": "2025-12-25"}))
    assert error.kind is FailureKind.VALIDATION
    assert error.messages and error.status == 200


async def test_duplicate_number_is_recognised(accurate: AccurateClient) -> None:
    await masters(accurate)
    await accurate.save("sales-invoice", invoice("POS-DUP-1"))
    error = await failure(accurate.save("sales-invoice", invoice("POS-DUP-1")))
    assert error.kind is FailureKind.DUPLICATE_NUMBER
    assert error.messages[0].startswith("Sudah ada data lain dengan")


async def test_unknown_number_is_not_found(accurate: AccurateClient) -> None:
    error = await failure(accurate.detail("sales-invoice", number="POS-NOPE"))
    assert error.kind is FailureKind.NOT_FOUND
    assert error.messages == ["Faktur Penjualan tidak tepat"]


async def test_unknown_endpoint_is_not_found(accurate: AccurateClient) -> None:
    error = await failure(accurate.call("GET", "no-such-module", "list"))
    assert (error.kind, error.status, error.messages) == (FailureKind.NOT_FOUND, 404, ["URL API tidak tepat"])


async def test_rate_limit_replies_are_retried_until_they_clear(accurate: AccurateClient, faults: Any) -> None:
    await masters(accurate)
    await faults({"kind": "rate_limit", "path": "sales-invoice/save.do", "count": 2})
    saved = await accurate.save("sales-invoice", invoice("POS-RATE-1"))
    assert saved.number == "POS-RATE-1"


async def test_rate_limit_that_never_clears_is_a_rate_failure(
    accurate: AccurateClient, faults: Any, switches: dict[str, str]
) -> None:
    await faults({"kind": "rate_limit", "path": "item/list.do", "count": 10})
    error = await failure(accurate.list("item"))
    status = 429 if switches["rateLimitForm"] == "http429" else 200
    assert (error.kind, error.status) == (FailureKind.RATE, status)
    assert "request per detik" in error.messages[0]


async def test_rate_limit_as_http_200_is_recognised_by_its_message(
    accurate: AccurateClient, admin: httpx.AsyncClient, database: dict[str, Any], faults: Any
) -> None:
    await admin.put(f"/databases/{database['id']}/limits", json={"status": 200})
    await faults({"kind": "rate_limit", "path": "item/list.do", "count": 10})
    error = await failure(accurate.list("item"))
    assert (error.kind, error.status) == (FailureKind.RATE, 200)


async def test_read_survives_transient_5xx_and_dropped_connections(
    accurate: AccurateClient, faults: Any
) -> None:
    await faults(
        {"kind": "server_error", "path": "item/list.do", "count": 1},
        {"kind": "drop", "path": "item/list.do", "count": 1, "skip": 1},
    )
    page = await accurate.list("item")
    assert page.rows == []


async def test_read_failing_every_time_is_a_server_failure(accurate: AccurateClient, faults: Any) -> None:
    await faults({"kind": "server_error", "path": "item/list.do", "count": 10, "status": 502})
    error = await failure(accurate.list("item"))
    assert (error.kind, error.status) == (FailureKind.SERVER, 502)
    assert error.messages and "Upsss" in error.messages[0]


async def test_create_that_committed_before_the_drop_is_unknown_outcome_and_exists(
    accurate: AccurateClient, faults: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    await masters(accurate)
    await faults({"kind": "commit_then_drop", "path": "sales-invoice/save.do", "count": 1})
    error = await failure(accurate.save("sales-invoice", invoice("POS-UNK-1")))
    assert error.kind is FailureKind.UNKNOWN_OUTCOME
    plan = (await admin.get(f"/databases/{database['id']}/faults")).json()
    assert plan["calls"] == 1  # sent exactly once, never re-sent
    found = await accurate.detail("sales-invoice", number="POS-UNK-1")  # the poster's lookup
    assert found["number"] == "POS-UNK-1"


async def test_create_dropped_before_commit_is_unknown_outcome_and_absent(
    accurate: AccurateClient, faults: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    await masters(accurate)
    await faults({"kind": "drop", "path": "sales-invoice/save.do", "count": 1})
    error = await failure(accurate.save("sales-invoice", invoice("POS-UNK-2")))
    assert error.kind is FailureKind.UNKNOWN_OUTCOME
    plan = (await admin.get(f"/databases/{database['id']}/faults")).json()
    assert (plan["calls"], [e["kind"] for e in plan["log"]]) == (1, ["drop"])  # sent once, never re-sent
    assert (await failure(accurate.detail("sales-invoice", number="POS-UNK-2"))).kind is FailureKind.NOT_FOUND


async def test_create_answered_with_5xx_is_unknown_outcome(accurate: AccurateClient, faults: Any) -> None:
    await masters(accurate)
    await faults({"kind": "server_error", "path": "sales-invoice/save.do", "count": 1})
    error = await failure(accurate.save("sales-invoice", invoice("POS-UNK-3")))
    assert (error.kind, error.status) == (FailureKind.UNKNOWN_OUTCOME, 503)


async def test_create_answered_with_a_java_exception_is_unknown_outcome(
    accurate: AccurateClient, faults: Any
) -> None:
    await masters(accurate)
    await faults({"kind": "runtime_exception", "path": "sales-invoice/save.do", "count": 1})
    error = await failure(accurate.save("sales-invoice", invoice("POS-UNK-4")))
    assert error.kind is FailureKind.UNKNOWN_OUTCOME
    assert error.messages == ["java.lang.RuntimeException"]


async def test_slow_create_past_the_timeout_is_unknown_outcome(
    sandbox: Any, database: dict[str, Any], faults: Any
) -> None:
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"])
    async with AccurateClient(auth, sandbox.account_url, timeout=0.3) as client:
        await masters(client)
        await faults({"kind": "latency", "path": "sales-invoice/save.do", "count": 1, "latencyMs": 800})
        error = await failure(client.save("sales-invoice", invoice("POS-SLOW-1")))
    assert error.kind is FailureKind.UNKNOWN_OUTCOME


async def test_unreachable_accurate_is_a_network_failure(database: dict[str, Any]) -> None:
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"])
    policy = RetryPolicy(max_attempts=2, base_delay=0.01)
    async with AccurateClient(auth, "http://127.0.0.1:9", RequestBudget(8, 8), retry=policy) as client:
        error = await failure(client.list("item"))
    assert error.kind is FailureKind.NETWORK
