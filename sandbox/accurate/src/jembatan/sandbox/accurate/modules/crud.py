"""save / detail / delete over any module: numbering, duplicates, line edits, posting and replay."""

from __future__ import annotations

import copy
from typing import Any

from ..domain.books import CompanyBooks
from ..domain.dates import now_utc
from ..domain.errors import AccurateError, duplicate, invalid_field, not_found
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .fields import Params, lines, record_id, text


def save(db: Database, module: Module, params: Params) -> Record:
    """Create (no ``id``) or update (with ``id``) a record; all-or-nothing on the books."""
    if params.get("id") not in (None, ""):
        return _update(db, module, record_id(params["id"]), params)
    request = _with_line_ids(db, module, copy.deepcopy(params))
    record = module.build(db, request, None)
    table = db.table(module.name)
    key_field = table.key_field
    assert key_field is not None
    key = record.get(key_field)
    if not key:
        if not module.auto_number:
            raise AccurateError(f"{key_field} harus diisi")
        record[key_field] = db.next_number(module.name, record.get("transDate"))
    elif table.find(str(key)) is not None:
        raise duplicate(module.key_label, str(key))
    record["id"] = db.new_id()
    if module.posts:
        with db.books.document():
            module.post(db, record)
        db.posting_order.append((module.name, record["id"]))
    _store(db, module, record, request)
    return record


def _update(db: Database, module: Module, rid: int, params: Params) -> Record:
    table = db.table(module.name)
    existing = table.get(rid)
    if existing is None:
        raise not_found(module.entity)
    request = _merge(db, module, db.inputs[(module.name, rid)], params)
    record = module.build(db, request, existing)
    key_field = table.key_field
    assert key_field is not None
    if not record.get(key_field):
        record[key_field] = existing[key_field]
    clash = table.find(str(record[key_field]))
    if clash is not None and clash["id"] != rid:
        raise duplicate(module.key_label, str(record[key_field]))
    record["id"] = rid
    if module.posts:
        replay(db, {(module.name, rid): record})
    _store(db, module, record, request)
    return record


def delete(db: Database, module: Module, params: Params) -> Record:
    record = find(db, module, params)
    key = str(record[db.table(module.name).key_field or "id"])
    from .registry import MODULES

    for other_name, other in MODULES.items():
        for other_record in db.table(other_name):
            if other_record is not record and (module.name, key.casefold()) in {
                    (m, k.casefold()) for m, k in other.references(other_record)}:
                raise AccurateError(
                    f'{module.entity} "{key}" tidak dapat dihapus karena sudah digunakan oleh transaksi lain')
    if module.posts:
        replay(db, {(module.name, record["id"]): None})
        db.posting_order.remove((module.name, record["id"]))
    db.table(module.name).remove(record["id"])
    db.inputs.pop((module.name, record["id"]), None)
    return record


def find(db: Database, module: Module, params: Params) -> Record:
    """By ``id`` or by the module's business key (``number``, ``no``, ``customerNo``, ``branchName``)."""
    table = db.table(module.name)
    if params.get("id") not in (None, ""):
        found = table.get(record_id(params["id"]))
    else:
        key = text(params, module.key_param)
        if key is None:
            raise invalid_field("id")
        found = table.find(key)
    if found is None:
        raise not_found(module.entity)
    return found


def replay(db: Database, changes: dict[tuple[str, int], Record | None]) -> None:
    """Rebuild the books from every posting record in order, with ``changes`` applied; keep the old
    books if any document no longer posts (e.g. an edit would overpay an invoice)."""
    from .registry import MODULES

    old = db.books
    db.books = CompanyBooks()
    db.books.inventory.allow_negative = old.inventory.allow_negative
    try:
        for name, rid in db.posting_order:
            record = changes[(name, rid)] if (name, rid) in changes else db.table(name).get(rid)
            if record is not None:
                with db.books.document():
                    MODULES[name].post(db, record)
    except AccurateError:
        db.books = old
        raise


def _store(db: Database, module: Module, record: Record, request: Params) -> None:
    record["lastUpdate"] = now_utc().replace(microsecond=0)  # Accurate timestamps have seconds only
    ordered = {"id": record.pop("id"), **record}
    record.clear()
    record.update(ordered)
    db.table(module.name).put(record)
    db.inputs[(module.name, record["id"])] = request


def _with_line_ids(db: Database, module: Module, request: Params) -> Params:
    for name in module.line_arrays:
        if name in request:
            request[name] = [{**line, "id": db.new_id()} for line in lines(request, name)]
    return request


def _merge(db: Database, module: Module, old: Params, new: Params) -> Params:
    """Header fields overwrite; lines with ``id`` edit, ``_status: delete`` removes, others are added."""
    merged = {**old, **{k: v for k, v in new.items() if k not in module.line_arrays}}
    for name in module.line_arrays:
        if name not in new:
            continue
        current: dict[int, dict[str, Any]] = {line["id"]: dict(line) for line in lines(old, name)}
        for line in lines(new, name):
            if line.get("id") in (None, ""):
                new_id = db.new_id()
                current[new_id] = {**line, "id": new_id}
                continue
            line_id = record_id(line["id"], f"{name}.id")
            if line_id not in current:
                raise AccurateError(f"Rincian dengan id {line_id} tidak tepat")
            if str(line.get("_status", "")).lower() == "delete":
                del current[line_id]
            else:
                current[line_id].update({k: v for k, v in line.items() if k != "_status"})
                current[line_id]["id"] = line_id
        merged[name] = list(current.values())
    return merged
