"""Sales returns (INVOICE, INVOICE_DP, DELIVERY, NO_INVOICE): goods back, receivable reduced."""

from __future__ import annotations

from decimal import Decimal

from ..assumptions import RETURN_TAX_FIELDS_REQUIRED_ONLY_WHEN_TAXABLE
from ..domain.errors import AccurateError, not_found_reference, required
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import customer, header, ref
from .fields import Params, choice, flag, lines, text
from .selling import expense_lines, item_lines, price_record, revenue_journal, stock_in

RETURN_TYPES = ("DELIVERY", "INVOICE", "INVOICE_DP", "NO_INVOICE")


class SalesReturnModule(Module):
    name = "sales-return"
    entity = "Retur Penjualan"
    key_label = "No Retur"
    posts = True
    line_arrays = ("detailItem", "detailExpense")

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        buyer = customer(db, params)
        assert buyer is not None
        return_type = choice(params, "returnType", RETURN_TYPES)
        invoice = _source_invoice(db, params, return_type, buyer)
        taxable = flag(params, "taxable", default=bool(invoice and invoice["taxable"]))
        inclusive = taxable and flag(params, "inclusiveTax", default=bool(invoice and invoice["inclusiveTax"]))
        if taxable or not RETURN_TAX_FIELDS_REQUIRED_ONLY_WHEN_TAXABLE:
            for field in ("taxNumber", "taxDate"):
                if text(params, field) is None:
                    raise required(field)
        if invoice is not None:
            params = _with_invoice_prices(params, invoice)
        record: Record = {
            **header(db, params),
            "returnType": return_type,
            "customer": ref(buyer, "customerNo", "name"), "customerId": buyer["id"], "customerNo": buyer["customerNo"],
            "invoiceNumber": invoice["number"] if invoice else None,
            "deliveryOrderNumber": text(params, "deliveryOrderNumber"),
            "taxable": taxable, "inclusiveTax": inclusive,
            "taxNumber": text(params, "taxNumber"), "taxDate": text(params, "taxDate"),
            "returnStatusType": text(params, "returnStatusType"), "currencyCode": text(params, "currencyCode") or "IDR",
            "detailItem": item_lines(db, params, taxable=taxable),
            "detailExpense": expense_lines(db, params),
        }
        if invoice is not None:
            _check_quantities(db, record, invoice, existing)
        price_record(params, record)
        return record

    def post(self, db: Database, record: Record) -> None:
        total = record["totalAmount"]
        if record["invoiceNumber"]:
            db.books.receivables.apply_return(record["invoiceNumber"], total)
        else:
            db.books.receivables.adjust(record["customerNo"], -total)
        journal = [JournalLine(db.accounts.receivable, credit=total, customer_no=record["customerNo"], memo="Piutang")]
        journal += revenue_journal(record, db, sign=-1, revenue_field="salesReturnGlAccountNo")
        journal += stock_in(db, record, record["invoiceNumber"])
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("customer", record["customerNo"])]
        refs += [("item", line["itemNo"]) for line in record["detailItem"]]
        if record["invoiceNumber"]:
            refs.append(("sales-invoice", record["invoiceNumber"]))
        return refs


def _source_invoice(db: Database, params: Params, return_type: str, buyer: Record) -> Record | None:
    if return_type == "NO_INVOICE":
        return None
    if return_type == "DELIVERY":
        number = text(params, "deliveryOrderNumber")
        if number is None:
            raise required("deliveryOrderNumber")
        # The sandbox has no delivery orders, so every DELIVERY return names a missing one.
        raise not_found_reference("Pengiriman Pesanan", number)
    number = text(params, "invoiceNumber")
    if number is None:
        raise required("invoiceNumber")
    invoice = db.find("sales-invoice", number)
    if invoice is None or (return_type == "INVOICE_DP") != bool(invoice.get("invoiceDp")):
        raise not_found_reference("Faktur Penjualan", number)
    if invoice["customerNo"] != buyer["customerNo"]:
        raise AccurateError(f'Faktur "{number}" bukan milik pelanggan "{buyer["customerNo"]}"')
    return invoice


def _with_invoice_prices(params: Params, invoice: Record) -> Params:
    """Lines without a unit price or warehouse take them from the invoice line of the same item."""
    by_item = {line["itemNo"].casefold(): line for line in invoice["detailItem"]}
    filled = []
    for line in lines(params, "detailItem"):
        source = by_item.get(str(line.get("itemNo", "")).casefold())
        if source is None:
            raise AccurateError(f'Barang "{line.get("itemNo")}" tidak ada di faktur "{invoice["number"]}"')
        filled.append({"unitPrice": source["unitPrice"], "warehouseName": source["warehouseName"],
                       "useTax1": source["useTax1"], **{k: v for k, v in line.items() if v not in (None, "")}})
    return {**params, "detailItem": filled}


def _check_quantities(db: Database, record: Record, invoice: Record, existing: Record | None) -> None:
    """Returned quantity per item may not exceed what the invoice sold, over all its returns."""
    sold: dict[str, Decimal] = {}
    for line in invoice["detailItem"]:
        sold[line["itemNo"]] = sold.get(line["itemNo"], ZERO) + line["quantity"] * line["unitRatio"]
    returned: dict[str, Decimal] = {}
    others = [r for r in db.table("sales-return")
              if r.get("invoiceNumber") == invoice["number"] and (existing is None or r["id"] != existing["id"])]
    for doc in [*others, record]:
        for line in doc["detailItem"]:
            returned[line["itemNo"]] = returned.get(line["itemNo"], ZERO) + line["quantity"] * line["unitRatio"]
    for item_no, quantity in returned.items():
        if quantity > sold.get(item_no, ZERO):
            raise AccurateError(f'Kuantitas retur barang "{item_no}" melebihi kuantitas faktur "{invoice["number"]}"')
