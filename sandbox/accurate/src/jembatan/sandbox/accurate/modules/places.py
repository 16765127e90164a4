"""Branch and warehouse masters (transactions refer to both by name)."""

from __future__ import annotations

from ..domain.errors import duplicate
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .fields import Params, flag, text

ADDRESS = ("street", "city", "province", "country", "zipCode")


class BranchModule(Module):
    name = "branch"
    entity = "Cabang"
    key_param = "branchName"
    key_label = "Nama Cabang"
    auto_number = False

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        name = text(params, "name", need=True)
        return {"name": name, **{k: text(params, k) for k in ADDRESS},
                "suspended": flag(params, "suspended")}

    def references(self, record: Record) -> list[tuple[str, str]]:
        return []


class WarehouseModule(Module):
    name = "warehouse"
    entity = "Gudang"
    key_param = "name"
    key_label = "Nama Gudang"
    bulk = False
    auto_number = False

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        name = text(params, "name", need=True)
        assert name is not None
        clash = db.find("warehouse", name)
        if clash is not None and (existing is None or clash["id"] != existing["id"]):
            raise duplicate(self.key_label, name)
        return {
            "name": name, "description": text(params, "description"), "pic": text(params, "pic"),
            **{k: text(params, k) for k in ADDRESS},
            "scrapWarehouse": flag(params, "scrapWarehouse"), "suspended": flag(params, "suspended"),
        }
