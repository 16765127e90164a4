"""What is retried, what is not, and when a create's outcome is reported as unknown."""

from __future__ import annotations

import httpx
import pytest
from jembatan.accurate import AccurateClient, AccurateError, FailureKind, RetryPolicy
from jembatan.accurate.testing import FakeAccurate, fail, ok, reply

SAVE = "POST /accurate/api/sales-invoice/save.do"
DETAIL = "GET /accurate/api/sales-invoice/detail.do"
INVOICE = {"customerNo": "C.1", "number": "POS-1", "detailItem": [{"itemNo": "SKU-1", "unitPrice": 1}]}


def saved(_: httpx.Request) -> httpx.Response:
    return reply(
        {"s": True, "d": ['Faktur Penjualan "POS-1" berhasil disimpan'], "r": {"id": 7, "number": "POS-1"}}
    )


def raise_(error: type[httpx.TransportError]):  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom", request=request)

    return handler


async def test_save_returns_id_number_record_and_messages(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(SAVE, saved)
    result = await client.save("sales-invoice", INVOICE)
    assert (result.id, result.number) == (7, "POS-1")
    assert result.record["number"] == "POS-1"
    assert result.messages == ['Faktur Penjualan "POS-1" berhasil disimpan']


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteTimeout]
)
async def test_create_that_may_have_reached_accurate_is_unknown_outcome_and_sent_once(
    client: AccurateClient, fake: FakeAccurate, error: type[httpx.TransportError]
) -> None:
    fake.on(SAVE, raise_(error))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert caught.value.kind is FailureKind.UNKNOWN_OUTCOME
    assert len(fake.calls(SAVE)) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_create_answered_with_5xx_is_unknown_outcome_and_sent_once(
    client: AccurateClient, fake: FakeAccurate, status: int
) -> None:
    fake.on(SAVE, lambda r: reply({"s": False, "d": ["Upsss... Telah terjadi permasalahan"]}, status))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert (caught.value.kind, caught.value.status) == (FailureKind.UNKNOWN_OUTCOME, status)
    assert len(fake.calls(SAVE)) == 1


async def test_create_answered_with_a_java_exception_is_unknown_outcome(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, lambda r: fail("java.lang.RuntimeException"))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert caught.value.kind is FailureKind.UNKNOWN_OUTCOME
    assert caught.value.messages == ["java.lang.RuntimeException"]


async def test_create_refused_by_rate_limit_is_retried_with_growing_backoff(
    client: AccurateClient, fake: FakeAccurate, sleeps: list[float]
) -> None:
    fake.on(
        SAVE,
        lambda r: reply({"s": False, "d": ["Maksimal 8 request per detik"]}, 429),
        lambda r: fail("Maksimal 8 request per detik"),
        saved,
    )
    result = await client.save("sales-invoice", INVOICE)
    assert result.id == 7
    assert len(fake.calls(SAVE)) == 3
    assert len(sleeps) == 2
    assert 0.05 <= sleeps[0] <= 0.1 and 0.1 <= sleeps[1] <= 0.2


async def test_retry_after_header_is_honoured(
    client: AccurateClient, fake: FakeAccurate, sleeps: list[float]
) -> None:
    fake.on(SAVE, lambda r: reply({"s": False, "d": ["slow down"]}, 429, {"Retry-After": "0.7"}), saved)
    await client.save("sales-invoice", INVOICE)
    assert sleeps == [pytest.approx(0.7)]


async def test_rate_limit_that_never_clears_is_a_rate_failure(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, lambda r: fail("Anda melebihi batas 8 request per detik"))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert caught.value.kind is FailureKind.RATE
    assert caught.value.messages == ["Anda melebihi batas 8 request per detik"]
    assert len(fake.calls(SAVE)) == 4


async def test_create_whose_connection_never_opened_is_retried(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, raise_(httpx.ConnectError), raise_(httpx.ConnectTimeout), saved)
    assert (await client.save("sales-invoice", INVOICE)).id == 7


async def test_network_that_stays_down_is_a_network_failure(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(SAVE, raise_(httpx.ConnectError))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert caught.value.kind is FailureKind.NETWORK


async def test_read_is_retried_after_5xx_and_timeouts(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(DETAIL, lambda r: reply({"s": False}, 503), raise_(httpx.ReadTimeout), lambda r: ok({"id": 7}))
    assert await client.detail("sales-invoice", number="POS-1") == {"id": 7}
    assert len(fake.calls(DETAIL)) == 3


async def test_read_failing_every_time_is_a_server_failure(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(DETAIL, lambda r: reply({"s": False, "d": ["java.lang.NullPointerException"]}, 500))
    with pytest.raises(AccurateError) as caught:
        await client.detail("sales-invoice", number="POS-1")
    assert (caught.value.kind, caught.value.status) == (FailureKind.SERVER, 500)


async def test_validation_failure_is_not_retried(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(SAVE, lambda r: fail("Detail dari transaksi belum diisi!"))
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", INVOICE)
    assert caught.value.kind is FailureKind.VALIDATION
    assert len(fake.calls(SAVE)) == 1


async def test_generic_call_can_declare_a_post_idempotent(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(
        "POST /accurate/api/item/get-stock.do", lambda r: reply({}, 502), lambda r: ok({"availableStock": 3})
    )
    envelope = await client.call("POST", "item", "get-stock", params={"no": "SKU-1"}, idempotent=True)
    assert envelope["d"] == {"availableStock": 3}


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    low = RetryPolicy(base_delay=1, max_delay=5, random=lambda: 0.0)
    high = RetryPolicy(base_delay=1, max_delay=5, random=lambda: 1.0)
    assert [low.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1, 2, 2.5]
    assert [high.delay(n) for n in (1, 2, 3, 4)] == [1, 2, 4, 5]
