"""item/get-stock.do and item/list-stock.do."""

from __future__ import annotations

from typing import Any

from ..domain.errors import AccurateError
from ..domain.money import ZERO
from ..store.database import Database
from .common import warehouse
from .fields import Params, text
from .paging import page_of


def get_stock(db: Database, params: Params) -> dict[str, Any]:
    """``no`` required, optional ``warehouseName``; answers ``d.availableStock``."""
    no = text(params, "no", need=True)
    assert no is not None
    found = db.find("item", no)
    if found is None:
        raise AccurateError("Barang & Jasa tidak tepat")
    wh = text(params, "warehouseName")
    name = warehouse(db, wh)["name"] if wh else None
    quantity = db.books.inventory.quantity(found["no"], name)
    return {"s": True, "d": {"itemNo": found["no"], "warehouseName": name, "availableStock": quantity}}


def list_stock(db: Database, params: Params) -> dict[str, Any]:
    """Stock of every inventory item, in one warehouse or all (rows: id, no, name, quantity, …)."""
    name = None
    if params.get("warehouseName"):
        name = warehouse(db, text(params, "warehouseName"))["name"]
    elif params.get("warehouseId"):
        found = db.table("warehouse").get(int(str(params["warehouseId"])))
        if found is None:
            raise AccurateError("Gudang tidak tepat")
        name = found["name"]
    rows = []
    for record in sorted(db.table("item"), key=lambda r: r["id"]):
        if record["itemType"] != "INVENTORY":
            continue
        quantity = db.books.inventory.quantity(record["no"], name) if name else db.books.inventory.quantity(
            record["no"])
        rows.append({"id": record["id"], "no": record["no"], "name": record["name"], "quantity": quantity or ZERO,
                     "quantityInAllUnit": f"{quantity} {record['unit1Name']}", "upcNo": record.get("upcNo")})
    page, sp = page_of(rows, params)
    return {"s": True, "d": page, "sp": sp}
