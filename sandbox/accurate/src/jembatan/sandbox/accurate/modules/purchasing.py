"""Purchases: vendors, receive items (goods in, not yet billed) and purchase invoices (the payable).

Field names follow reference §4.14 (``vendorNo``, ``receiveNumber``, ``detailItem``, ``detailExpense``);
the link from an invoice line to a receipt and the unbilled-goods account are assumptions
(``assumptions.PURCHASE_*``). Purchase tax (PPN Masukan), purchase payments and returns are not
emulated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import assumptions as A
from ..domain.errors import AccurateError, invalid_field, not_found_reference
from ..domain.ledger import JournalLine
from ..domain.money import ZERO, money
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account, header, ref, warehouse
from .fields import Params, custom_fields, lines, number, text
from .stock_lines import stock_lines

VENDOR_TEXT = ("email", "mobilePhone", "workPhone", "billStreet", "billCity", "billProvince", "billCountry",
               "billZipCode", "npwpNo", "notes", "categoryName")


def vendor(db: Database, params: Params) -> Record:
    vendor_no = text(params, "vendorNo", need=True)
    assert vendor_no is not None
    found = db.find("vendor", vendor_no)
    if found is None:
        raise not_found_reference("Pemasok", vendor_no)
    return found


class VendorModule(Module):
    name = "vendor"
    entity = "Pemasok"
    key_param = "vendorNo"
    key_label = "ID Pemasok"
    live_fields = frozenset({"balance"})

    @property
    def key_field_name(self) -> str:
        return "vendorNo"

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        record = {"vendorNo": text(params, "vendorNo", max_len=30), "name": text(params, "name", need=True),
                  "currencyCode": text(params, "currencyCode") or "IDR", "suspended": False,
                  **{k: text(params, k) for k in VENDOR_TEXT}, **custom_fields(params)}
        return record

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        owed = sum((doc["totalAmount"] for doc in db.table("purchase-invoice")
                    if doc["vendorNo"] == record["vendorNo"]), ZERO)
        return {"balance": owed}


def _costed_lines(db: Database, params: Params) -> list[dict[str, Any]]:
    detail = []
    for line in stock_lines(db, params):
        raw = line.pop("raw")
        unit_price = number(raw, "unitPrice", need=True)
        if unit_price < 0:
            raise invalid_field("unitPrice")
        wh = warehouse(db, text(raw, "warehouseName"))["name"]
        detail.append({**line, "unitPrice": unit_price, "warehouseName": wh,
                       "totalPrice": money(line["quantity"] * unit_price),
                       A.PURCHASE_LINE_RECEIPT_FIELD: text(raw, A.PURCHASE_LINE_RECEIPT_FIELD)})
    return detail


class ReceiveItemModule(Module):
    """Penerimaan Barang: stock in at the vendor's price, owed as unbilled goods until invoiced."""

    name = "receive-item"
    entity = "Penerimaan Barang"
    key_label = "No Penerimaan"
    posts = True
    line_arrays = ("detailItem",)

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        supplier = vendor(db, params)
        detail = _costed_lines(db, params)
        return {**header(db, params), "vendor": ref(supplier, "vendorNo", "name"), "vendorNo": supplier["vendorNo"],
                "receiveNumber": text(params, "receiveNumber", need=True), "detailItem": detail,
                "totalAmount": sum((line["totalPrice"] for line in detail), ZERO)}

    def post(self, db: Database, record: Record) -> None:
        journal = []
        for line in record["detailItem"]:
            value = db.books.inventory.receive(line["itemNo"], line["warehouseName"], line["baseQuantity"],
                                               line["totalPrice"] / line["baseQuantity"])
            journal += [JournalLine(line["inventoryGlAccountNo"], debit=value),
                        JournalLine(A.PURCHASE_UNBILLED_ACCOUNT, credit=value, memo="Barang belum ditagih")]
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("vendor", record["vendorNo"])] + [("item", line["itemNo"]) for line in record["detailItem"]]


class PurchaseInvoiceModule(Module):
    """Faktur Pembelian: the payable. Lines naming a receipt clear unbilled goods; others bring stock in."""

    name = "purchase-invoice"
    entity = "Faktur Pembelian"
    key_label = "No Faktur"
    posts = True
    line_arrays = ("detailItem", "detailExpense")

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        supplier = vendor(db, params)
        detail = _costed_lines(db, params)
        for line in detail:
            receipt_no = line[A.PURCHASE_LINE_RECEIPT_FIELD]
            if receipt_no is None:
                continue
            receipt = db.find("receive-item", receipt_no)
            if receipt is None or receipt["vendorNo"] != supplier["vendorNo"]:
                raise not_found_reference("Penerimaan Barang", receipt_no)
            if not any(r["itemNo"] == line["itemNo"] for r in receipt["detailItem"]):
                raise AccurateError(f'Barang "{line["itemNo"]}" tidak ada di Penerimaan Barang "{receipt_no}"')
        expenses = []
        for raw in lines(params, "detailExpense"):
            found = account(db, text(raw, "accountNo"))
            expenses.append({"accountNo": found["no"], "expenseName": text(raw, "expenseName"),
                             "expenseAmount": number(raw, "expenseAmount", need=True)})
        total = sum((line["totalPrice"] for line in detail), ZERO) + sum(
            (e["expenseAmount"] for e in expenses), ZERO)
        if not detail and not expenses:
            raise AccurateError("Detail dari transaksi belum diisi!")
        return {**header(db, params), "vendor": ref(supplier, "vendorNo", "name"), "vendorNo": supplier["vendorNo"],
                "billNumber": text(params, "billNumber"), "detailItem": detail, "detailExpense": expenses,
                "totalAmount": total, "currencyCode": "IDR"}

    def post(self, db: Database, record: Record) -> None:
        journal = [JournalLine(A.PURCHASE_PAYABLE_ACCOUNT, credit=record["totalAmount"], memo="Utang")]
        for line in record["detailItem"]:
            if line[A.PURCHASE_LINE_RECEIPT_FIELD]:
                # Goods already in stock at the receipt's price; the invoice's price wins, the difference
                # goes to inventory value.
                received = self._received_value(db, line)
                journal.append(JournalLine(A.PURCHASE_UNBILLED_ACCOUNT, debit=received))
                if line["totalPrice"] != received:
                    journal.append(JournalLine(line["inventoryGlAccountNo"], debit=line["totalPrice"] - received))
            else:
                value = db.books.inventory.receive(line["itemNo"], line["warehouseName"], line["baseQuantity"],
                                                   line["totalPrice"] / line["baseQuantity"])
                journal.append(JournalLine(line["inventoryGlAccountNo"], debit=value))
        for expense in record["detailExpense"]:
            journal.append(JournalLine(expense["accountNo"], debit=expense["expenseAmount"]))
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    @staticmethod
    def _received_value(db: Database, line: dict[str, Any]) -> Decimal:
        receipt = db.find("receive-item", line[A.PURCHASE_LINE_RECEIPT_FIELD])
        assert receipt is not None
        received = [r for r in receipt["detailItem"] if r["itemNo"] == line["itemNo"]]
        unit = received[0]["totalPrice"] / received[0]["baseQuantity"]
        return money(unit * line["baseQuantity"])

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("vendor", record["vendorNo"])] + [("item", line["itemNo"]) for line in record["detailItem"]]
        refs += [("receive-item", line[A.PURCHASE_LINE_RECEIPT_FIELD]) for line in record["detailItem"]
                 if line[A.PURCHASE_LINE_RECEIPT_FIELD]]
        return refs
