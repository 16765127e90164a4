"""Item lines of stock documents (transfers, adjustments): inventory items only, in unit 1."""

from __future__ import annotations

from typing import Any

from ..domain.errors import AccurateError, invalid_field
from ..store.database import Database
from .common import item, ref, unit_ratio
from .fields import Params, lines, number, text


def stock_lines(db: Database, params: Params, name: str = "detailItem") -> list[dict[str, Any]]:
    result = []
    for line in lines(params, name):
        found = item(db, text(line, "itemNo"))
        if found["itemType"] != "INVENTORY":
            raise AccurateError(f'Barang "{found["no"]}" bukan barang persediaan')
        quantity = number(line, "quantity", need=True)
        if quantity <= 0:
            raise invalid_field("quantity")
        ratio = unit_ratio(found, text(line, "itemUnitName"))
        result.append({
            "id": line.get("id"), "item": ref(found, "no", "name"), "itemNo": found["no"],
            "quantity": quantity, "itemUnitName": text(line, "itemUnitName") or found["unit1Name"],
            "baseQuantity": quantity * ratio, "detailNotes": text(line, "detailNotes"),
            "inventoryGlAccountNo": found["inventoryGlAccountNo"], "raw": line,
        })
    if not result:
        raise AccurateError("Detail dari transaksi belum diisi!")
    return result
