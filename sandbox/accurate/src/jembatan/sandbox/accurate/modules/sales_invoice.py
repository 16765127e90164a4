"""Sales invoices: receivable per invoice, revenue, PPN, discounts, expenses and COGS."""

from __future__ import annotations

from typing import Any

from ..domain.ledger import JournalLine
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import customer, header, ref
from .fields import Params, flag, text
from .selling import expense_lines, item_lines, price_record, revenue_journal, stock_out


class SalesInvoiceModule(Module):
    name = "sales-invoice"
    entity = "Faktur Penjualan"
    key_label = "No Faktur"
    posts = True
    line_arrays = ("detailItem", "detailExpense")
    detail_only = frozenset({"outstanding", "primeOwing"})
    live_fields = frozenset({"outstanding", "primeOwing", "statusName"})
    save_scope_for_delete = True

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        buyer = customer(db, params)
        assert buyer is not None
        taxable = flag(params, "taxable")
        record: Record = {
            **header(db, params),
            "customer": ref(buyer, "customerNo", "name"), "customerId": buyer["id"],
            "customerNo": buyer["customerNo"],
            "poNumber": text(params, "poNumber"), "invoiceDp": flag(params, "invoiceDp"), "paymentTermName": text(params, "paymentTermName"),
            "taxable": taxable, "inclusiveTax": taxable and flag(params, "inclusiveTax"),
            "taxNumber": text(params, "taxNumber"), "taxDate": text(params, "taxDate"),
            "currencyCode": text(params, "currencyCode") or "IDR",
            "documentCode": text(params, "documentCode"), "documentTransaction": text(params, "documentTransaction"),
            "detailItem": item_lines(db, params, taxable=taxable),
            "detailExpense": expense_lines(db, params),
        }
        price_record(params, record)
        return record

    def post(self, db: Database, record: Record) -> None:
        total = record["totalAmount"]
        db.books.receivables.open_invoice(record["number"], record["customerNo"], total)
        journal = [JournalLine(db.accounts.receivable, debit=total, customer_no=record["customerNo"],
                               memo="Piutang")]
        journal += revenue_journal(record, db, sign=1, revenue_field="salesGlAccountNo")
        journal += stock_out(db, record)
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("customer", record["customerNo"])]
        refs += [("item", line["itemNo"]) for line in record["detailItem"]]
        refs += [("warehouse", line["warehouseName"]) for line in record["detailItem"]]
        refs += [("glaccount", line["accountNo"]) for line in record["detailExpense"]]
        if record.get("branchName"):
            refs.append(("branch", record["branchName"]))
        return refs

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        owing = db.books.receivables.owing(record["number"])
        outstanding = owing.outstanding if owing else record["totalAmount"]
        status = "LUNAS" if outstanding <= 0 else ("SEBAGIAN" if outstanding < record["totalAmount"] else "BELUM")
        return {"outstanding": outstanding, "primeOwing": outstanding, "statusName": status}
