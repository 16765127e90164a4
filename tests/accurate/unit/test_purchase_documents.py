"""Purchase documents serialise to Accurate's field names, with exact Decimal amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from jembatan.accurate.documents import PurchaseInvoice, PurchaseLine, ReceiveItem, Vendor
from pydantic import ValidationError


def line(**extra: object) -> PurchaseLine:
    return PurchaseLine(item_no="BIJI", quantity=Decimal("2.5"), unit_price=Decimal("60000.125"),
                        warehouse_name="Utama", **extra)  # type: ignore[arg-type]


def test_a_receipt_is_sent_with_vendor_delivery_note_and_lines() -> None:
    body = ReceiveItem(number="RI-1", trans_date=date(2025, 1, 2), vendor_no="V.1", receive_number="SJ-1",
                       detail_item=[line()]).to_accurate()
    assert body == {"number": "RI-1", "transDate": "02/01/2025", "vendorNo": "V.1", "receiveNumber": "SJ-1",
                    "detailItem": [{"itemNo": "BIJI", "quantity": Decimal("2.5"), "unitPrice": Decimal("60000.125"),
                                    "warehouseName": "Utama"}]}


def test_an_invoice_line_names_the_receipt_it_bills() -> None:
    body = PurchaseInvoice(vendor_no="V.1", detail_item=[line(receive_item_number="RI-1")]).to_accurate()
    assert body["detailItem"][0]["receiveItemNumber"] == "RI-1"
    assert PurchaseInvoice.MODULE == "purchase-invoice" and ReceiveItem.MODULE == "receive-item"


def test_a_receipt_needs_a_line_and_amounts_are_never_floats() -> None:
    with pytest.raises(ValidationError):
        ReceiveItem(vendor_no="V.1", receive_number="SJ-1", detail_item=[])
    with pytest.raises(ValidationError):
        PurchaseLine(item_no="X", quantity=1.5, unit_price=Decimal(1), warehouse_name="Utama")  # type: ignore[arg-type]


def test_a_vendor_code_is_at_most_30_characters() -> None:
    assert Vendor(vendor_no="V.1", name="PT Pemasok").to_accurate() == {"vendorNo": "V.1", "name": "PT Pemasok"}
    with pytest.raises(ValidationError):
        Vendor(vendor_no="V" * 31, name="Terlalu panjang")
