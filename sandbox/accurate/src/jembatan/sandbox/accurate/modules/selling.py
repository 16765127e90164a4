"""Lines shared by sales invoices and sales returns: items, expenses, taxes, stock movements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..assumptions import ALLOW_NEGATIVE_EXPENSE, DEFAULT_PPN_RATE, TAX_DECIMALS
from ..domain.errors import AccurateError, invalid_field
from ..domain.ledger import JournalLine
from ..domain.money import ZERO, parse_discount_percent
from ..domain.pricing import LineInput, PricedDocument, price
from ..store.database import Database
from ..store.table import Record
from .common import account, item, ref, unit_ratio, warehouse
from .fields import Params, flag, lines, number, text


def item_lines(db: Database, params: Params, *, taxable: bool) -> list[dict[str, Any]]:
    """Resolve ``detailItem[]``: item, unit, warehouse, discount, tax code and the accounts to post."""
    result = []
    for line in lines(params, "detailItem"):
        found = item(db, text(line, "itemNo"))
        quantity = number(line, "quantity", default=Decimal(1))
        if quantity <= 0:
            raise invalid_field("quantity")
        unit_price = number(line, "unitPrice", default=found.get("unitPrice") or ZERO)
        if unit_price < 0:
            raise invalid_field("unitPrice")
        ratio = unit_ratio(found, text(line, "itemUnitName"))
        tax_code, tax_rate, tax_account = _line_tax(db, found, line, taxable)
        result.append({
            "id": line.get("id"),
            "item": ref(found, "no", "name"), "itemNo": found["no"], "itemType": found["itemType"],
            "detailName": text(line, "detailName") or found["name"], "detailNotes": text(line, "detailNotes"),
            "quantity": quantity, "itemUnitName": text(line, "itemUnitName") or found["unit1Name"],
            "unitRatio": ratio, "unitPrice": unit_price,
            "itemCashDiscount": number(line, "itemCashDiscount"),
            "itemDiscPercent": text(line, "itemDiscPercent"),
            "discountPercent": parse_discount_percent(line.get("itemDiscPercent"), "itemDiscPercent"),
            "warehouseName": warehouse(db, text(line, "warehouseName"))["name"],
            "useTax1": tax_code is not None, "taxName": tax_code, "taxRate": tax_rate, "taxAccountNo": tax_account,
            "salesGlAccountNo": found["salesGlAccountNo"], "salesReturnGlAccountNo": found["salesReturnGlAccountNo"],
            "inventoryGlAccountNo": found["inventoryGlAccountNo"], "cogsGlAccountNo": found["cogsGlAccountNo"],
            "components": [
                {"itemNo": c["itemNo"], "quantity": c["quantity"], "itemType": c["itemType"],
                 **_stock_accounts(db, c["itemNo"])} for c in found.get("detailGroup", [])],
            **{k: v for k, v in line.items() if k.startswith(("charField", "numericField"))},
        })
    if not result:
        raise AccurateError("Detail dari transaksi belum diisi!")
    return result


def _line_tax(db: Database, found: Record, line: Params, taxable: bool) -> tuple[str | None, Decimal, str | None]:
    use_tax = flag(line, "useTax1", default=bool(found.get("tax1Name")))
    if not taxable or not use_tax:
        return None, ZERO, None
    tax_name = found.get("tax1Name")
    tax = db.find("tax", tax_name) if tax_name else next(
        (t for t in sorted(db.table("tax"), key=lambda t: t["id"]) if t["taxType"] == "PPN"), None)
    if tax is None:
        return "PPN", DEFAULT_PPN_RATE, db.accounts.output_tax
    return tax["description"], tax["rate"], tax["salesTaxGlAccountNo"]


def _stock_accounts(db: Database, item_no: str) -> dict[str, str]:
    found = db.find("item", item_no)
    assert found is not None
    return {"inventoryGlAccountNo": found["inventoryGlAccountNo"], "cogsGlAccountNo": found["cogsGlAccountNo"]}


def expense_lines(db: Database, params: Params) -> list[dict[str, Any]]:
    result = []
    for line in lines(params, "detailExpense"):
        found = account(db, text(line, "accountNo"))
        amount = number(line, "expenseAmount", need=True)
        if amount < 0 and not ALLOW_NEGATIVE_EXPENSE:
            raise invalid_field("expenseAmount")
        result.append({"id": line.get("id"), "account": ref(found, "no", "name"), "accountNo": found["no"],
                       "expenseAmount": amount, "expenseName": text(line, "expenseName") or found["name"],
                       "expenseNotes": text(line, "expenseNotes")})
    return result


def price_record(params: Params, record: dict[str, Any]) -> PricedDocument:
    """Price a record built from ``item_lines``/``expense_lines`` and store its totals on it."""
    priced = price(
        [LineInput(line["quantity"], line["unitPrice"], line["itemCashDiscount"], line["discountPercent"],
                   line["taxName"], line["taxRate"]) for line in record["detailItem"]],
        cash_discount=number(params, "cashDiscount"),
        cash_disc_percent=parse_discount_percent(params.get("cashDiscPercent"), "cashDiscPercent"),
        expenses=[line["expenseAmount"] for line in record["detailExpense"]],
        taxable=record["taxable"], inclusive=record["inclusiveTax"], tax_decimals=TAX_DECIMALS)
    for line, priced_line in zip(record["detailItem"], priced.lines, strict=True):
        line.update(salesAmount=priced_line.amount, totalPrice=priced_line.amount, grossAmount=priced_line.gross,
                    discountAmount=priced_line.discount, taxAmount=priced_line.tax, revenueAmount=priced_line.revenue)
    record.update(subTotal=priced.sub_total, cashDiscount=priced.cash_discount,
                  cashDiscPercent=text(params, "cashDiscPercent"), taxAmount=priced.tax, tax1Amount=priced.tax,
                  dppAmount=priced.tax_base, totalExpense=priced.expense_total, totalAmount=priced.total,
                  taxByCode={code: amount for code, amount in priced.tax_by_code.items()})
    return priced


def revenue_journal(record: dict[str, Any], db: Database, *, sign: int, revenue_field: str) -> list[JournalLine]:
    """Credit revenue / tax / expense accounts (sign=1, invoice) or debit them (sign=-1, return)."""
    journal: list[JournalLine] = []

    def credit(account_no: str, amount: Decimal, memo: str) -> None:
        net = amount * sign
        journal.append(JournalLine(account_no, max(-net, ZERO), max(net, ZERO), memo=memo))

    for line in record["detailItem"]:
        credit(line[revenue_field], line["revenueAmount"], "Penjualan")
        if line["taxAmount"]:
            credit(line["taxAccountNo"], line["taxAmount"], "PPN")
    credit(db.accounts.sales_discount, -record["cashDiscount"], "Diskon")
    for line in record["detailExpense"]:
        credit(line["accountNo"], line["expenseAmount"], line["expenseName"])
    return journal


def stock_out(db: Database, record: dict[str, Any]) -> list[JournalLine]:
    """Relieve sold stock at average cost (GROUP items relieve their components): debit COGS."""
    journal: list[JournalLine] = []
    for line in record["detailItem"]:
        base_qty = line["quantity"] * line["unitRatio"]
        moves = [(line["itemNo"], base_qty, line)] if line["itemType"] == "INVENTORY" else [
            (c["itemNo"], base_qty * c["quantity"], c) for c in line["components"] if c["itemType"] == "INVENTORY"]
        for item_no, qty, accounts in moves:
            cost = db.books.inventory.issue(item_no, line["warehouseName"], qty)
            if qty:
                db.books.remember_sale_cost(record["number"], item_no, cost / qty)
            journal += [JournalLine(accounts["cogsGlAccountNo"], debit=cost, memo="HPP"),
                        JournalLine(accounts["inventoryGlAccountNo"], credit=cost, memo="HPP")]
    return journal


def stock_in(db: Database, record: dict[str, Any], invoice_no: str | None) -> list[JournalLine]:
    """Put returned goods back at the invoice's cost (or the current average cost): credit COGS."""
    journal: list[JournalLine] = []
    for line in record["detailItem"]:
        base_qty = line["quantity"] * line["unitRatio"]
        moves = [(line["itemNo"], base_qty, line)] if line["itemType"] == "INVENTORY" else [
            (c["itemNo"], base_qty * c["quantity"], c) for c in line["components"] if c["itemType"] == "INVENTORY"]
        for item_no, qty, accounts in moves:
            unit_cost = db.books.sale_costs.get((invoice_no, item_no)) if invoice_no else None
            if unit_cost is None:
                unit_cost = db.books.inventory.cell(item_no, line["warehouseName"]).average_cost
            value = db.books.inventory.receive(item_no, line["warehouseName"], qty, unit_cost)
            journal += [JournalLine(accounts["inventoryGlAccountNo"], debit=value, memo="Retur HPP"),
                        JournalLine(accounts["cogsGlAccountNo"], credit=value, memo="Retur HPP")]
    return journal
