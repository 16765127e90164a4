"""bulk_save per-record results; list parameters; paging iterator."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import httpx
import pytest
from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.paging import filter_params, list_params
from jembatan.accurate.testing import FakeAccurate, fail, ok, reply

BULK = "POST /accurate/api/item/bulk-save.do"
LIST = "GET /accurate/api/item/list.do"


async def test_bulk_save_sends_data_array_and_returns_one_result_per_record(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    per_record = [
        {"s": True, "d": ["ok"], "r": {"id": 1, "no": "A"}},
        {"s": False, "d": ["Sudah ada data lain dengan Kode Barang B"]},
        {"s": False, "d": ["Nilai Satuan harus diisi"]},
    ]
    fake.on(BULK, lambda r: reply({"s": False, "d": per_record}))
    results = await client.bulk_save("item", [{"no": "A"}, {"no": "B"}, {"no": "C"}])
    assert json.loads(fake.calls(BULK)[0].content) == {"data": [{"no": "A"}, {"no": "B"}, {"no": "C"}]}
    assert [r.ok for r in results] == [True, False, False]
    assert results[0].result is not None and results[0].result.id == 1
    assert results[1].error is not None and results[1].error.kind is FailureKind.DUPLICATE_NUMBER
    assert results[2].error is not None and results[2].error.kind is FailureKind.VALIDATION
    assert results[2].error.messages == ["Nilai Satuan harus diisi"]


async def test_bulk_reply_missing_elements_reports_them_unknown(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(BULK, lambda r: ok([{"s": True, "r": {"id": 1}}]))
    results = await client.bulk_save("item", [{"no": "A"}, {"no": "B"}])
    assert results[1].error is not None and results[1].error.kind is FailureKind.UNKNOWN_OUTCOME


async def test_bulk_whole_request_failure_raises(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(BULK, lambda r: fail("Invalid or Revoked API Token", status=401))
    with pytest.raises(AccurateError) as caught:
        await client.bulk_save("item", [{"no": "A"}])
    assert caught.value.kind is FailureKind.AUTH


async def test_bulk_lost_reply_is_unknown_outcome_for_the_batch(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    fake.on(BULK, drop)
    with pytest.raises(AccurateError) as caught:
        await client.bulk_save("item", [{"no": "A"}])
    assert caught.value.kind is FailureKind.UNKNOWN_OUTCOME
    assert len(fake.calls(BULK)) == 1


@pytest.mark.parametrize("count", [0, 101])
async def test_bulk_save_takes_1_to_100_records(client: AccurateClient, count: int) -> None:
    with pytest.raises(ValueError, match=r"1\.\.100"):
        await client.bulk_save("item", [{"no": str(i)} for i in range(count)])


def test_list_params_always_include_id_and_encode_filters() -> None:
    params = list_params(
        ["no", "name"],
        {
            "no": ("EQUAL", "SKU-1"),
            "transDate": ("BETWEEN", [date(2025, 11, 1), date(2025, 11, 30)]),
            "lastUpdate": ("GREATER_THAN", datetime(2025, 12, 1, 0, 0, tzinfo=UTC)),
            "suspended": False,
        },
        page=2,
        page_size=50,
        sort="id|asc",
    )
    assert params == [
        ("fields", "id,no,name"),
        ("sp.page", "2"),
        ("sp.pageSize", "50"),
        ("sp.sort", "id|asc"),
        ("filter.no.op", "EQUAL"),
        ("filter.no.val", "SKU-1"),
        ("filter.transDate.op", "BETWEEN"),
        ("filter.transDate.val[0]", "01/11/2025"),
        ("filter.transDate.val[1]", "30/11/2025"),
        ("filter.lastUpdate.op", "GREATER_THAN"),
        ("filter.lastUpdate.val", "01/12/2025 07:00:00"),
        ("filter.suspended", "false"),
    ]


def test_unknown_filter_operator_is_refused() -> None:
    with pytest.raises(ValueError, match="LIKE"):
        filter_params("name", ("LIKE", "x"))


async def test_list_returns_a_page_with_paging_numbers(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(LIST, lambda r: ok([{"id": 1}], sp={"page": 1, "pageSize": 100, "pageCount": 3, "rowCount": 201}))
    page = await client.list("item", fields=["no"])
    assert (page.rows, page.page, page.page_count, page.row_count, page.has_next) == (
        [{"id": 1}],
        1,
        3,
        201,
        True,
    )


async def test_iter_list_walks_every_page(client: AccurateClient, fake: FakeAccurate) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["sp.page"])
        rows = [{"id": number * 10 + i} for i in range(2 if number < 3 else 1)]
        return ok(rows, sp={"page": number, "pageSize": 2, "pageCount": 3, "rowCount": 5})

    fake.on(LIST, page)
    rows = [row async for row in client.iter_list("item", fields=["no"], page_size=2)]
    assert [row["id"] for row in rows] == [10, 11, 20, 21, 30]
    assert [r.url.params["sp.sort"] for r in fake.calls(LIST)] == ["id|asc"] * 3


async def test_detail_takes_exactly_one_key(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("GET /accurate/api/customer/detail.do", lambda r: ok({"customerNo": r.url.params["customerNo"]}))
    assert await client.detail("customer", customerNo="C.1") == {"customerNo": "C.1"}
    with pytest.raises(ValueError):
        await client.detail("customer", id=1, customerNo="C.1")


async def test_delete_uses_http_delete_with_the_business_key(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on("DELETE /accurate/api/sales-invoice/delete.do", lambda r: ok(["Data berhasil dihapus"]))
    assert await client.delete("sales-invoice", number="POS-1") == ["Data berhasil dihapus"]
    assert fake.calls("DELETE /accurate/api/sales-invoice/delete.do")[0].url.params["number"] == "POS-1"


async def test_module_names_cannot_escape_the_api_path(client: AccurateClient) -> None:
    with pytest.raises(ValueError):
        await client.list("../api/x")
