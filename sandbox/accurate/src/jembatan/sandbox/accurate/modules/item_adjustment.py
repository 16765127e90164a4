"""Item adjustments (ADJUSTMENT_IN at a unit cost, ADJUSTMENT_OUT at average cost) and stock counts."""

from __future__ import annotations

from typing import Any

from ..domain.errors import AccurateError, invalid_field
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Extra, Module
from .common import account, header, item, ref, warehouse
from .fields import Params, choice, lines, number, text
from .stock_lines import stock_lines

TYPES = ("ADJUSTMENT_IN", "ADJUSTMENT_OUT")


class ItemAdjustmentModule(Module):
    name = "item-adjustment"
    entity = "Penyesuaian Persediaan"
    key_label = "No Penyesuaian"
    posts = True
    line_arrays = ("detailItem",)

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        adjustment = account(db, text(params, "adjustmentAccountNo"), "adjustmentAccountNo")
        detail = []
        for line in stock_lines(db, params):
            raw = line.pop("raw")
            kind = choice(raw, "itemAdjustmentType", TYPES)
            wh = warehouse(db, text(raw, "warehouseName"))["name"]
            unit_cost = number(raw, "unitCost", default=None) if raw.get("unitCost") not in (None, "") else None
            if unit_cost is not None and unit_cost < 0:
                raise invalid_field("unitCost")
            detail.append({**line, "itemAdjustmentType": kind, "warehouseName": wh, "unitCost": unit_cost})
        return {**header(db, params), "adjustmentAccount": ref(adjustment, "no", "name"),
                "adjustmentAccountNo": adjustment["no"], "detailItem": detail}

    def post(self, db: Database, record: Record) -> None:
        inventory, journal = db.books.inventory, []
        for line in record["detailItem"]:
            item_no, wh, qty = line["itemNo"], line["warehouseName"], line["baseQuantity"]
            if line["itemAdjustmentType"] == "ADJUSTMENT_IN":
                unit_cost = line["unitCost"]
                if unit_cost is None:
                    unit_cost = inventory.cell(item_no, wh).average_cost
                value = inventory.receive(item_no, wh, qty, unit_cost)
            else:
                value = -inventory.issue(item_no, wh, qty)
            journal += [JournalLine(line["inventoryGlAccountNo"], debit=value),
                        JournalLine(record["adjustmentAccountNo"], credit=value)]
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("item", line["itemNo"]) for line in record["detailItem"]] + [
            ("glaccount", record["adjustmentAccountNo"])]

    @property
    def extras(self) -> dict[str, Extra]:
        return {"save-target-quantity": Extra("save", save_target_quantity)}


def save_target_quantity(db: Database, params: Params) -> dict[str, Any]:
    """Count-to-target: one adjustment with the differences between counted and booked quantities."""
    from .crud import save

    detail = []
    for line in lines(params, "detail"):
        found = item(db, text(line, "itemNo"))
        wh = warehouse(db, text(line, "warehouseName"))["name"]
        target = number(line, "targetQuantity", need=True)
        delta = target - db.books.inventory.quantity(found["no"], wh)
        if delta:
            detail.append({"itemNo": found["no"], "warehouseName": wh, "quantity": abs(delta),
                           "itemAdjustmentType": "ADJUSTMENT_IN" if delta > ZERO else "ADJUSTMENT_OUT",
                           **({"unitCost": line["unitCost"]} if line.get("unitCost") not in (None, "") else {})})
    if not lines(params, "detail"):
        raise AccurateError("Detail dari transaksi belum diisi!")
    if not detail:
        return {"s": True, "d": ["Tidak ada selisih kuantitas, tidak ada penyesuaian yang disimpan"], "r": None}
    request = {k: v for k, v in params.items() if k != "detail"}
    record = save(db, MODULE, {**request, "detailItem": detail})
    return {"s": True, "d": [MODULE.saved_message(record)], "r": record}


MODULE = ItemAdjustmentModule()
