"""Item transfers: TRANSFER_OUT puts goods in transit, TRANSFER_IN (fromItemTransferNo) receives them."""

from __future__ import annotations

from typing import Any

from ..assumptions import TRANSFER_IN_WITHOUT_OUT_IS_DIRECT
from ..domain.errors import AccurateError, not_found_reference, required
from ..domain.ledger import JournalLine
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account, header, warehouse
from .fields import Params, choice, text
from .stock_lines import stock_lines

TYPES = ("TRANSFER_OUT", "TRANSFER_IN")


class ItemTransferModule(Module):
    name = "item-transfer"
    entity = "Pemindahan Barang"
    key_label = "No Pemindahan"
    posts = True
    line_arrays = ("detailItem",)
    live_fields = frozenset({"itemTransferOutStatus"})

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        kind = choice(params, "itemTransferType", TYPES)
        here = warehouse(db, text(params, "warehouseName") or _missing("warehouseName"))
        other_name = text(params, "referenceWarehouseName")
        source_no = text(params, "fromItemTransferNo")
        other = warehouse(db, other_name) if other_name else None
        if kind == "TRANSFER_IN" and source_no:
            out = db.find("item-transfer", source_no)
            if out is None or out["itemTransferType"] != "TRANSFER_OUT":
                raise not_found_reference("Pemindahan Barang", source_no)
            other = other or warehouse(db, out["warehouseName"])
        elif kind == "TRANSFER_IN" and not TRANSFER_IN_WITHOUT_OUT_IS_DIRECT:
            raise required("fromItemTransferNo")
        if other is None:
            raise required("referenceWarehouseName")
        # Goods received from transit may go back to their origin (cancelled lines), so only a
        # TRANSFER_OUT or a one-step move needs two different warehouses.
        if other["id"] == here["id"] and not (kind == "TRANSFER_IN" and source_no):
            raise AccurateError("Gudang asal dan gudang tujuan tidak boleh sama")
        return {
            **header(db, params),
            "itemTransferType": kind,
            "warehouseName": here["name"], "warehouse": {"id": here["id"], "name": here["name"]},
            "warehouseId": here["id"],
            "referenceWarehouseName": other["name"], "referenceWarehouseId": other["id"],
            "fromItemTransferNo": source_no if kind == "TRANSFER_IN" else None,
            "differenceItemTransferAccountNo": account(db, text(params, "differenceItemTransferAccountNo"))["no"]
            if params.get("differenceItemTransferAccountNo") else None,
            "detailItem": [{k: v for k, v in line.items() if k != "raw"} for line in stock_lines(db, params)],
        }

    def post(self, db: Database, record: Record) -> None:
        books, transit_account = db.books, db.accounts.goods_in_transit
        # A receipt that refills a negative cell to exactly zero leaves a cost difference.
        difference = record.get("differenceItemTransferAccountNo") or db.accounts.transfer_difference
        journal: list[JournalLine] = []
        for line in record["detailItem"]:
            item_no, qty, stock_account = line["itemNo"], line["baseQuantity"], line["inventoryGlAccountNo"]
            if record["itemTransferType"] == "TRANSFER_OUT":
                cost = books.inventory.issue(item_no, record["warehouseName"], qty)
                books.transit.send(record["number"], item_no, qty, cost)
                journal += [JournalLine(transit_account, debit=cost), JournalLine(stock_account, credit=cost)]
            elif record["fromItemTransferNo"]:
                value = books.transit.receive(record["fromItemTransferNo"], item_no, qty)
                added = books.inventory.receive_value(item_no, record["warehouseName"], qty, value)
                journal += [JournalLine(stock_account, debit=added), JournalLine(transit_account, credit=value),
                            JournalLine(difference, debit=value - added, memo="Selisih pemindahan")]
            else:
                cost = books.inventory.issue(item_no, record["referenceWarehouseName"], qty)
                added = books.inventory.receive_value(item_no, record["warehouseName"], qty, cost)
                journal.append(JournalLine(difference, debit=cost - added, memo="Selisih pemindahan"))
                journal += [JournalLine(stock_account, debit=added - cost)]
        books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("item", line["itemNo"]) for line in record["detailItem"]]
        refs += [("warehouse", record["warehouseName"]), ("warehouse", record["referenceWarehouseName"])]
        if record.get("fromItemTransferNo"):
            refs.append(("item-transfer", record["fromItemTransferNo"]))
        return refs

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        if record["itemTransferType"] != "TRANSFER_OUT":
            return {"itemTransferOutStatus": None}
        remaining = db.books.transit.remaining(record["number"])
        return {"itemTransferOutStatus": "ONPROGRESS" if remaining else "RECEIVED",
                "detailInTransit": [{"itemNo": k, "quantity": v.quantity} for k, v in sorted(remaining.items())]}


def _missing(field: str) -> str:
    raise required(field)
