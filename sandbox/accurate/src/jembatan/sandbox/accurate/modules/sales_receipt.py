"""Sales receipts: money in against invoices, with per-invoice discounts (e.g. MDR fees)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..assumptions import RECEIPT_CHEQUE_IS_PAYMENT_MINUS_DISCOUNT
from ..domain.errors import AccurateError, invalid_field, not_found_reference
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account, customer, header, ref
from .fields import Params, choice, day, flag, lines, number, text

PAYMENT_METHODS = ("CASH_OTHER", "BANK_CHEQUE", "BANK_TRANSFER", "EDC", "DEBIT_CARD", "CREDIT_CARD", "QRIS",
                   "PAYMENT_LINK", "VIRTUAL_ACCOUNT", "E_WALLET", "OTHERS")


class SalesReceiptModule(Module):
    name = "sales-receipt"
    entity = "Penerimaan Penjualan"
    key_label = "No Bukti"
    posts = True
    line_arrays = ("detailInvoice",)

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        payer = customer(db, params)
        assert payer is not None
        bank = account(db, text(params, "bankNo"), "bankNo", cash_bank=True)
        head = header(db, params)
        skip_date_check = flag(params, "passValidateInvoiceDate")
        invoices = [_invoice_line(db, line, payer, head["transDate"], skip_date_check)
                    for line in lines(params, "detailInvoice")]
        if not invoices:
            raise AccurateError("Detail dari transaksi belum diisi!")
        paid = sum((line["paymentAmount"] for line in invoices), ZERO)
        discounts = sum((d["amount"] for line in invoices for d in line["detailDiscount"]), ZERO)
        received = paid - discounts if RECEIPT_CHEQUE_IS_PAYMENT_MINUS_DISCOUNT else paid
        cheque = number(params, "chequeAmount", default=received)
        if cheque != received:
            raise AccurateError(
                f"Nilai pembayaran ({cheque}) tidak sama dengan total pembayaran faktur dikurangi diskon ({received})")
        method = choice(params, "paymentMethod", PAYMENT_METHODS, default="CASH_OTHER")
        return {
            **head,
            "customer": ref(payer, "customerNo", "name"), "customerId": payer["id"], "customerNo": payer["customerNo"],
            "bank": ref(bank, "no", "name"), "bankNo": bank["no"], "chequeAmount": cheque,
            "chequeNo": text(params, "chequeNo"),
            "chequeDate": day(params, "chequeDate", default=head["transDate"]),
            "paymentMethod": method, "totalPayment": paid, "totalDiscount": discounts,
            "detailInvoice": invoices,
        }

    def post(self, db: Database, record: Record) -> None:
        receivables = db.books.receivables
        journal = [JournalLine(record["bankNo"], debit=record["chequeAmount"], memo="Penerimaan")]
        for line in record["detailInvoice"]:
            receivables.pay(line["invoiceNo"], line["paymentAmount"])
            journal.append(JournalLine(db.accounts.receivable, credit=line["paymentAmount"],
                                       customer_no=record["customerNo"], memo="Piutang"))
            for discount in line["detailDiscount"]:
                journal.append(JournalLine(discount["accountNo"], debit=discount["amount"],
                                           memo=discount["discountNotes"] or "Diskon"))
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("customer", record["customerNo"]), ("glaccount", record["bankNo"])] + [
            ("sales-invoice", line["invoiceNo"]) for line in record["detailInvoice"]]


def _invoice_line(db: Database, line: Params, payer: Record, receipt_date: Any, skip_date_check: bool) -> dict[str, Any]:
    number_ = text(line, "invoiceNo")
    if number_ is None:
        raise AccurateError("invoiceNo harus diisi")
    invoice = db.find("sales-invoice", number_)
    if invoice is None:
        raise not_found_reference("Faktur Penjualan", number_)
    if invoice["customerNo"] != payer["customerNo"]:
        raise AccurateError(f'Faktur "{number_}" bukan milik pelanggan "{payer["customerNo"]}"')
    if receipt_date < invoice["transDate"] and not skip_date_check:
        raise AccurateError(f'Tanggal pembayaran tidak boleh lebih kecil dari tanggal faktur "{number_}"')
    amount = number(line, "paymentAmount", need=True)
    if amount <= 0:
        raise invalid_field("paymentAmount")
    discounts = []
    for discount in lines(line, "detailDiscount"):
        discount_no = text(discount, "accountNo")
        if discount_no is not None and db.find("glaccount", discount_no) is None:
            raise AccurateError(f'Akun diskon "{discount_no}" tidak ditemukan atau sudah dihapus')
        found = account(db, discount_no, "accountNo")
        value = number(discount, "amount", need=True)
        if value < 0:
            raise invalid_field("amount")
        discounts.append({"id": discount.get("id"), "account": ref(found, "no", "name"), "accountNo": found["no"],
                          "amount": value, "discountNotes": text(discount, "discountNotes")})
    if sum((d["amount"] for d in discounts), Decimal(0)) > amount:
        raise AccurateError("Diskon tidak boleh melebihi nilai pembayaran")
    return {"id": line.get("id"), "invoiceNo": invoice["number"], "invoice": ref(invoice, "number"),
            "paymentAmount": amount, "detailDiscount": discounts, "paidPph": flag(line, "paidPph")}
