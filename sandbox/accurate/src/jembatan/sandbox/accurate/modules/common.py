"""Lookups shared by documents: customers, branches, warehouses, items, accounts, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.dates import format_date, today_wib
from ..domain.errors import AccurateError, not_found, not_found_reference, required
from ..store.database import Database
from ..store.table import Record
from .fields import Params, custom_fields, day, record_id, text


def ref(record: Record, *keys: str) -> dict[str, Any]:
    """A nested reference as Accurate returns it (``customer: {id, customerNo, name}``)."""
    return {"id": record["id"], **{k: record.get(k) for k in keys}}


def trans_date(db: Database, params: Params) -> date:
    value = day(params, "transDate", default=today_wib())
    if value < db.start_date:
        raise AccurateError(
            f"Tanggal transaksi tidak dapat lebih kecil dari tanggal mulai data usaha ({format_date(db.start_date)})")
    return value


def customer(db: Database, params: Params, *, need: bool = True) -> Record | None:
    no = text(params, "customerNo")
    if no is None:
        if need:
            raise required("customerNo")
        return None
    found = db.find("customer", no)
    if found is None:
        raise not_found_reference("Pelanggan", no)
    return found


def branch(db: Database, params: Params, *, document: bool = True) -> Record | None:
    """The document's branch; multi-branch databases refuse documents that name none."""
    name = text(params, "branchName")
    if name is None and params.get("branchId") not in (None, ""):
        found = db.table("branch").get(record_id(params["branchId"], "branchId"))
        if found is None:
            raise not_found("Cabang")
        return found
    if name is not None:
        found = db.find("branch", name)
        if found is None:
            raise not_found("Cabang")
        return found
    branches = list(db.table("branch"))
    if document and len(branches) > 1:
        raise AccurateError("Data Usaha ini memiliki lebih dari satu cabang, cabang transaksi harus diisi")
    return branches[0] if branches else None


def warehouse(db: Database, name: str | None) -> Record:
    if name is None:
        warehouses = sorted(db.table("warehouse"), key=lambda w: w["id"])
        if not warehouses:
            raise not_found("Gudang")
        return warehouses[0]
    found = db.find("warehouse", name)
    if found is None or found.get("suspended"):
        raise not_found("Gudang")
    return found


def item(db: Database, no: str | None) -> Record:
    if no is None:
        raise required("itemNo")
    found = db.find("item", no)
    if found is None or found.get("suspended"):
        raise not_found_reference("Barang & Jasa", no)
    return found


def account(db: Database, no: str | None, field: str = "accountNo", *, cash_bank: bool = False) -> Record:
    """A leaf GL account usable in a transaction (a CASH_BANK one where ``bankNo`` is asked)."""
    if no is None:
        raise required(field)
    found = db.find("glaccount", no)
    if found is None or found.get("suspended"):
        raise not_found_reference("Akun Perkiraan", no)
    if any(a.get("parentNo") == found["no"] for a in db.table("glaccount")):
        raise AccurateError(f'Akun "{no}" adalah akun induk dan tidak dapat digunakan dalam transaksi')
    if cash_bank and found["accountType"] != "CASH_BANK":
        raise AccurateError(f'Akun "{no}" bukan akun Kas & Bank')
    return found


def header(db: Database, params: Params, *, document: bool = True) -> dict[str, Any]:
    """Fields every transaction shares: number, date, branch, description, custom fields."""
    found_branch = branch(db, params, document=document)
    return {
        "number": text(params, "number", max_len=50),
        "transDate": trans_date(db, params),
        "branch": ref(found_branch, "name") if found_branch else None,
        "branchId": found_branch["id"] if found_branch else None,
        "branchName": found_branch["name"] if found_branch else None,
        "description": text(params, "description"),
        **custom_fields(params),
    }


def unit_ratio(item_record: Record, unit_name: str | None) -> Decimal:
    """Quantity of unit 1 in one ``unit_name`` (unit 1 or unit 2 of the item)."""
    if unit_name is None or unit_name.casefold() == str(item_record.get("unit1Name", "")).casefold():
        return Decimal(1)
    if item_record.get("unit2Name") and unit_name.casefold() == str(item_record["unit2Name"]).casefold():
        return item_record.get("ratio2") or Decimal(1)
    raise AccurateError(f'Satuan "{unit_name}" tidak tepat untuk barang "{item_record["no"]}"')
