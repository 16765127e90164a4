"""Customers (the walk-in customer too: Accurate has no anonymous sale)."""

from __future__ import annotations

from typing import Any

from ..domain.errors import not_found_reference
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import branch, ref
from .fields import Params, custom_fields, day, flag, text

OPTIONAL_TEXT = (
    "categoryName", "email", "mobilePhone", "workPhone", "fax", "website", "billStreet", "billCity",
    "billProvince", "billCountry", "billZipCode", "npwpNo", "wpName", "wpNumber", "wpType", "pkpNo",
    "nitku", "notes", "currencyCode",
)


class CustomerModule(Module):
    name = "customer"
    entity = "Pelanggan"
    key_param = "customerNo"
    key_label = "ID Pelanggan"
    live_fields = frozenset({"balance"})

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        term = None
        term_name = text(params, "termName")
        if term_name is not None:
            term = db.find("payment-term", term_name)
            if term is None:
                raise not_found_reference("Syarat Pembayaran", term_name)
        found_branch = branch(db, params, document=False) if params.get("branchName") else None
        record = {
            "customerNo": text(params, "customerNo", max_len=30),
            "name": text(params, "name", need=True),
            "transDate": day(params, "transDate", default=db.start_date),
            "branch": ref(found_branch, "name") if found_branch else None,
            "term": ref(term, "name") if term else None,
            "shipSameAsBill": flag(params, "shipSameAsBill", True),
            "taxSameAsBill": flag(params, "taxSameAsBill", True),
            "suspended": flag(params, "suspended"),
            **{k: text(params, k) for k in OPTIONAL_TEXT},
            **custom_fields(params),
        }
        record["currencyCode"] = record["currencyCode"] or "IDR"
        return record

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        return {"balance": db.books.receivables.customer_balance(record["customerNo"])}
