"""Items: INVENTORY, NON_INVENTORY, SERVICE, GROUP (with components), opening stock, stock reads."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..assumptions import ITEM_NO_ALLOWED, ITEM_NO_MAX_LENGTH
from ..domain.errors import AccurateError, duplicate, not_found_reference
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Extra, Module
from .common import account, item, unit_ratio, warehouse
from .fields import Params, choice, custom_fields, day, flag, lines, number, text
from .stock_reads import get_stock, list_stock

ITEM_TYPES = ("INVENTORY", "NON_INVENTORY", "SERVICE", "GROUP", "PRODUCTION_COST")
ACCOUNT_FIELDS = {
    "inventoryGlAccountNo": "inventory", "salesGlAccountNo": "sales", "salesReturnGlAccountNo": "sales_return",
    "salesDiscountGlAccountNo": "sales_discount", "cogsGlAccountNo": "cogs",
}


class ItemModule(Module):
    name = "item"
    entity = "Barang & Jasa"
    key_param = "no"
    key_label = "Kode Barang"
    posts = True
    line_arrays = ("detailGroup", "detailOpenBalance")
    detail_only = frozenset({"detailWarehouseData"})
    live_fields = frozenset({"balance", "availableToSell", "detailWarehouseData"})

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        no = text(params, "no")
        if no is not None:
            if len(no) > ITEM_NO_MAX_LENGTH:
                raise AccurateError(f"Kode Barang terlalu besar. Maksimal {ITEM_NO_MAX_LENGTH} karakter")
            if not re.match(ITEM_NO_ALLOWED, no):
                raise AccurateError(
                    "Kode Barang tidak valid. Karakter yang diperbolehkan untuk Kode Barang adalah huruf, "
                    "angka, titik, garis bawah, tanda hubung dan garis miring")
        item_type = choice(params, "itemType", ITEM_TYPES)
        upc = text(params, "upcNo")
        if upc is not None:
            clash = next((i for i in db.table("item") if i.get("upcNo") == upc), None)
            if clash is not None and (existing is None or clash["id"] != existing["id"]):
                raise duplicate("UPC/Barcode", upc)
        record: Record = {
            "no": no,
            "name": text(params, "name", need=True),
            "itemType": item_type,
            "unit1Name": text(params, "unit1Name") or "Pcs",
            "unit2Name": text(params, "unit2Name"),
            "ratio2": number(params, "ratio2", default=Decimal(1)) if params.get("unit2Name") else None,
            "itemCategoryName": text(params, "itemCategoryName") or "Umum",
            "unitPrice": number(params, "unitPrice"),
            "upcNo": upc,
            "tax1Name": _tax(db, text(params, "tax1Name")),
            "notes": text(params, "notes"),
            "suspended": flag(params, "suspended"),
            **{field: account(db, text(params, field), field)["no"] if params.get(field) not in (None, "")
               else getattr(db.accounts, attr) for field, attr in ACCOUNT_FIELDS.items()},
            **custom_fields(params),
        }
        record["detailGroup"] = _components(db, params, record) if item_type == "GROUP" else []
        record["detailOpenBalance"] = _opening(db, params, item_type)
        return record

    def post(self, db: Database, record: Record) -> None:
        journal: list[JournalLine] = []
        for line in record["detailOpenBalance"]:
            value = db.books.inventory.receive(record["no"], line["warehouseName"], line["quantity"],
                                               line["unitCost"])
            journal += [JournalLine(record["inventoryGlAccountNo"], debit=value, memo="Saldo awal barang"),
                        JournalLine(db.accounts.opening_equity, credit=value, memo="Saldo awal barang")]
        if journal:
            as_of = min(line["asOf"] for line in record["detailOpenBalance"])
            db.books.ledger.post(as_of, self.name, record["id"], record["no"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("item", c["itemNo"]) for c in record["detailGroup"]]
        refs += [("warehouse", line["warehouseName"]) for line in record["detailOpenBalance"]]
        return refs

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        inventory = db.books.inventory
        per_warehouse = [
            {"name": wh, "balance": cell.quantity, "unit1Quantity": cell.quantity}
            for (no, wh), cell in sorted(inventory.cells.items()) if no == record["no"]
        ]
        total = sum((cell.quantity for (no, _), cell in inventory.cells.items() if no == record["no"]), ZERO)
        return {"balance": total, "availableToSell": total, "detailWarehouseData": per_warehouse}

    @property
    def extras(self) -> dict[str, Extra]:
        return {"get-stock": Extra("view", get_stock), "list-stock": Extra("view", list_stock)}


def _tax(db: Database, name: str | None) -> str | None:
    if name is None:
        return None
    if db.find("tax", name) is None:
        raise not_found_reference("Pajak", name)
    return name


def _components(db: Database, params: Params, record: Record) -> list[dict[str, Any]]:
    components = []
    for line in lines(params, "detailGroup"):
        component = item(db, text(line, "itemNo"))
        if component["itemType"] == "GROUP" or component["no"] == record["no"]:
            raise AccurateError("Barang Grup tidak dapat berisi barang grup lain")
        quantity = number(line, "quantity", need=True) * unit_ratio(component, text(line, "itemUnitName"))
        components.append({"id": line.get("id"), "itemNo": component["no"], "item": {"id": component["id"],
                           "no": component["no"], "name": component["name"]},
                           "quantity": quantity, "itemType": component["itemType"]})
    if not components:
        raise AccurateError("Detail dari transaksi belum diisi!")
    return components


def _opening(db: Database, params: Params, item_type: str) -> list[dict[str, Any]]:
    result = []
    for line in lines(params, "detailOpenBalance"):
        if item_type != "INVENTORY":
            raise AccurateError("Saldo awal hanya untuk barang persediaan")
        quantity = number(line, "quantity", need=True)
        if quantity <= 0:
            raise AccurateError('Invalid field value for field "quantity".')
        result.append({
            "id": line.get("id"),
            "quantity": quantity,
            "unitCost": number(line, "unitCost"),
            "warehouseName": warehouse(db, text(line, "warehouseName"))["name"],
            "asOf": day(line, "asOf", default=db.start_date),
        })
    return result
