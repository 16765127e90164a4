"""Purchases a merchant records in Accurate: vendors, goods received, purchase invoices.

Field names from reference §4.14 (``vendorNo``, ``receiveNumber``, ``detailItem``, ``detailExpense``);
the invoice line's link to a receipt (``receiveItemNumber``) is an assumption (``assumptions.py``).
"""

from __future__ import annotations

from typing import ClassVar

from jembatan.accurate.documents import assumptions as guess
from jembatan.accurate.documents.base import AccurateDocument, DetailLine, Money, Transaction
from pydantic import Field


class Vendor(AccurateDocument):
    """``vendor/save.do`` (Pemasok)."""

    MODULE: ClassVar[str] = "vendor"

    vendor_no: str | None = Field(default=None, max_length=30)  # blank → Accurate auto-numbers
    name: str
    currency_code: str | None = None
    email: str | None = None
    mobile_phone: str | None = None
    npwp_no: str | None = None
    notes: str | None = None


class PurchaseLine(DetailLine):
    """``detailItem[]`` of a receipt or a purchase invoice: goods at the vendor's unit price."""

    item_no: str
    quantity: Money
    unit_price: Money
    warehouse_name: str
    item_unit_name: str | None = None
    detail_notes: str | None = None
    # On an invoice: the receipt these goods came in with (then they are not stocked twice).
    receive_item_number: str | None = Field(default=None, alias=guess.PURCHASE_LINE_RECEIPT)


class PurchaseExpense(DetailLine):
    """``detailExpense[]`` of a purchase invoice (freight and other costs billed by the vendor)."""

    account_no: str
    expense_amount: Money
    expense_name: str | None = None


class ReceiveItem(Transaction):
    """``receive-item/save.do`` (Penerimaan Barang): goods in, owed but not yet billed."""

    MODULE: ClassVar[str] = "receive-item"

    vendor_no: str
    receive_number: str  # the vendor's delivery note number
    detail_item: list[PurchaseLine] = Field(min_length=1)


class PurchaseInvoice(Transaction):
    """``purchase-invoice/save.do`` (Faktur Pembelian): the payable to the vendor."""

    MODULE: ClassVar[str] = "purchase-invoice"

    vendor_no: str
    bill_number: str | None = None  # the vendor's own invoice number
    detail_item: list[PurchaseLine] = Field(default_factory=list)
    detail_expense: list[PurchaseExpense] = Field(default_factory=list)
