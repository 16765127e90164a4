"""Every failure class, with Accurate's messages kept verbatim."""

from __future__ import annotations

import pytest
from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.classify import classify
from jembatan.accurate.envelope import Envelope, parse_envelope
from jembatan.accurate.testing import FakeAccurate, fail, reply


def failed(status: int, *messages: str) -> Envelope:
    return Envelope(status=status, ok=False, messages=list(messages))


@pytest.mark.parametrize(
    ("envelope", "action", "kind"),
    [
        (failed(200, "Detail dari transaksi belum diisi!"), "save", FailureKind.VALIDATION),
        (failed(200, 'Invalid field value for field "transDate".'), "save", FailureKind.VALIDATION),
        (failed(200, "Gudang tidak tepat"), "save", FailureKind.VALIDATION),
        (failed(200, "Sudah ada data lain dengan No Faktur POS-1"), "save", FailureKind.DUPLICATE_NUMBER),
        (failed(200, "Faktur Penjualan tidak tepat"), "detail", FailureKind.NOT_FOUND),
        (failed(200, "Faktur Penjualan tidak tepat"), "delete", FailureKind.NOT_FOUND),
        (failed(404, "URL API tidak tepat"), "save", FailureKind.NOT_FOUND),
        (failed(401, "invalid_token"), "list", FailureKind.AUTH),
        (failed(401, "Data Session Key tidak tepat"), "list", FailureKind.AUTH),
        (failed(200, "Header X-Api-Signature invalid"), "list", FailureKind.AUTH),
        (failed(403, "insufficient_scope"), "save", FailureKind.SCOPE),
        (failed(429), "save", FailureKind.RATE),
        (failed(200, "Maksimal 8 request per detik"), "save", FailureKind.RATE),
        (failed(503, "request per detik"), "list", FailureKind.RATE),
        (failed(502), "list", FailureKind.SERVER),
        (failed(200, "java.lang.RuntimeException"), "list", FailureKind.SERVER),
        (
            failed(200, "Upsss... Telah terjadi permasalahan. Kode Referensi: ersen-1"),
            "save",
            FailureKind.SERVER,
        ),
    ],
)
def test_reply_is_classified(envelope: Envelope, action: str, kind: FailureKind) -> None:
    assert classify(envelope, action) is kind


def test_oauth_error_body_and_html_bodies_become_messages() -> None:
    assert parse_envelope(401, b'{"error":"invalid_token","error_description":"expired"}').messages == [
        "invalid_token",
        "expired",
    ]
    html = parse_envelope(502, b"<html>Bad Gateway</html>")
    assert (html.ok, html.messages) == (False, ["Bad Gateway"])


def test_an_html_upsss_page_becomes_its_text_and_a_server_failure() -> None:
    page = (b"<!DOCTYPE html><html><head><title>Accurate Online</title></head><body><h2>Upsss...</h2>"
            b"<p>Telah terjadi permasalahan &amp; coba lagi. Kode Referensi: ersen-1a2b</p></body></html>")
    envelope = parse_envelope(503, page)
    assert envelope.messages == ["Upsss... Telah terjadi permasalahan & coba lagi. Kode Referensi: ersen-1a2b"]
    assert classify(envelope, "save") is FailureKind.SERVER


def test_a_200_upsss_envelope_is_a_server_failure_not_a_validation() -> None:
    envelope = parse_envelope(200, b'{"s":false,"d":["Upsss... Telah terjadi permasalahan. Kode Referensi: ersen-9"]}')
    assert classify(envelope, "save") is FailureKind.SERVER


def test_a_200_rate_refusal_is_rate_whatever_the_status() -> None:
    envelope = parse_envelope(200, b'{"s":false,"d":["Anda telah melebihi batas 8 request per detik"]}')
    assert classify(envelope, "list") is FailureKind.RATE


async def test_error_carries_kind_messages_status_and_endpoint(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on(
        "POST /accurate/api/sales-invoice/save.do",
        lambda r: fail("Detail dari transaksi belum diisi!", "Diskon tidak boleh melebihi nilai sub total"),
    )
    with pytest.raises(AccurateError) as caught:
        await client.save("sales-invoice", {"customerNo": "C.1"})
    error = caught.value
    assert error.kind is FailureKind.VALIDATION
    assert error.messages == [
        "Detail dari transaksi belum diisi!",
        "Diskon tidak boleh melebihi nilai sub total",
    ]
    assert error.status == 200
    assert error.endpoint == "sales-invoice/save.do"
    assert "Diskon tidak boleh melebihi nilai sub total" in str(error)


async def test_duplicate_number_is_reported_as_such(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("POST /accurate/api/item/save.do", lambda r: fail("Sudah ada data lain dengan Kode Barang SKU-1"))
    with pytest.raises(AccurateError) as caught:
        await client.save("item", {"no": "SKU-1", "name": "x"})
    assert caught.value.kind is FailureKind.DUPLICATE_NUMBER


async def test_missing_document_is_not_found(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on("GET /accurate/api/sales-invoice/detail.do", lambda r: fail("Faktur Penjualan tidak tepat"))
    with pytest.raises(AccurateError) as caught:
        await client.detail("sales-invoice", number="POS-404")
    assert caught.value.kind is FailureKind.NOT_FOUND


async def test_missing_scope_is_a_scope_failure(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(
        "POST /accurate/api/journal-voucher/save.do", lambda r: reply({"error": "insufficient_scope"}, 403)
    )
    with pytest.raises(AccurateError) as caught:
        await client.save("journal-voucher", {})
    assert (caught.value.kind, caught.value.status) == (FailureKind.SCOPE, 403)


async def test_revoked_api_token_is_an_auth_failure_without_retry(
    client: AccurateClient, fake: FakeAccurate
) -> None:
    fake.on("GET /accurate/api/item/list.do", lambda r: fail("Invalid or Revoked API Token", status=401))
    with pytest.raises(AccurateError) as caught:
        await client.list("item")
    assert caught.value.kind is FailureKind.AUTH
    assert len(fake.calls("GET /accurate/api/item/list.do")) == 1
