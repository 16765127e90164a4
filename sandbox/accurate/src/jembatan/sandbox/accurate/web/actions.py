"""The standard actions of every module, each answering Accurate's ``{s, d, r, sp}`` envelope."""

from __future__ import annotations

from typing import Any

from ..assumptions import BULK_MAX_RECORDS, BULK_TOP_LEVEL_S_WHEN_PARTIAL, LIST_FIELDS_WITHOUT_FIELDS_PARAM
from ..domain.errors import AccurateError
from ..modules import crud
from ..modules.base import Module
from ..modules.fields import Params, lines
from ..modules.listing import matches, parse_filters, select_fields, sort_records
from ..modules.paging import page_of
from ..store.database import Database
from ..store.table import Record


def full(db: Database, module: Module, record: Record) -> dict[str, Any]:
    return {**record, **module.live(db, record)}


def list_action(db: Database, module: Module, params: Params) -> dict[str, Any]:
    records = list(db.table(module.name))
    for name, (op, values) in parse_filters(params).items():
        records = [r for r in records if matches(full(db, module, r) if name in module.live_fields else r,
                                                  name, op, values)]
    records = sort_records(records, params.get("sp.sort"))
    page, sp = page_of(records, params)
    raw_fields = params.get("fields")
    if isinstance(raw_fields, list):
        raw_fields = ",".join(raw_fields)
    fields = [f.strip() for f in str(raw_fields).split(",") if f.strip()] if raw_fields else list(
        LIST_FIELDS_WITHOUT_FIELDS_PARAM)
    rows = []
    for record in page:
        shown = full(db, module, record)
        for hidden in module.detail_only:
            shown.pop(hidden, None)
        rows.append(select_fields(shown, fields))
    return {"s": True, "d": rows, "sp": sp}


def detail_action(db: Database, module: Module, params: Params) -> dict[str, Any]:
    return {"s": True, "d": full(db, module, crud.find(db, module, params))}


def save_action(db: Database, module: Module, params: Params) -> dict[str, Any]:
    record = crud.save(db, module, params)
    return {"s": True, "d": [module.saved_message(record)], "r": full(db, module, record)}


def bulk_save_action(db: Database, module: Module, params: Params) -> dict[str, Any]:
    records = lines(params, "data")
    if not records:
        raise AccurateError("Data yang akan disimpan belum diisi")
    if len(records) > BULK_MAX_RECORDS:
        raise AccurateError(f"Jumlah data maksimal {BULK_MAX_RECORDS} per request")
    results = []
    for one in records:
        try:
            results.append(save_action(db, module, one))
        except AccurateError as error:
            results.append({"s": False, "d": error.messages})
    all_ok = all(r["s"] for r in results)
    return {"s": all_ok or BULK_TOP_LEVEL_S_WHEN_PARTIAL, "d": results}


def delete_action(db: Database, module: Module, params: Params) -> dict[str, Any]:
    record = crud.delete(db, module, params)
    key = record.get(module.key_field_name) or record["id"]
    return {"s": True, "d": [f'{module.entity} "{key}" berhasil dihapus']}


STANDARD = {
    "list": ("view", list_action),
    "detail": ("view", detail_action),
    "save": ("save", save_action),
    "bulk-save": ("save", bulk_save_action),
    "delete": ("delete", delete_action),
}
