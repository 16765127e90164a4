"""GL accounts: the chart, opening balances, and the balance / P&L / balance-sheet reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.chart import ACCOUNT_TYPE_NAMES, PROFIT_AND_LOSS, natural_balance
from ..domain.errors import AccurateError, not_found_reference
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Extra, Module
from .common import ref
from .fields import Params, choice, day, flag, number, text


class GlAccountModule(Module):
    name = "glaccount"
    entity = "Akun Perkiraan"
    key_param = "no"
    key_label = "No Akun"
    auto_number = False
    posts = True
    live_fields = frozenset({"balance", "isParent", "leaf"})

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        account_type = choice(params, "accountType", tuple(ACCOUNT_TYPE_NAMES))
        parent_no = text(params, "parentNo")
        parent = None
        if parent_no is not None:
            parent = db.find("glaccount", parent_no)
            if parent is None:
                raise not_found_reference("Akun Induk", parent_no)
            if parent["accountType"] != account_type:
                raise AccurateError("Tipe akun harus sama dengan tipe akun induknya")
        open_balance = number(params, "openBalance")
        if open_balance and account_type in {"ACCOUNT_RECEIVABLE", "INVENTORY", "ACCOUNT_PAYABLE"}:
            raise AccurateError("Saldo awal akun ini diisi melalui saldo awal pelanggan, pemasok atau barang")
        return {
            "no": text(params, "no", need=True, max_len=30),
            "name": text(params, "name", need=True),
            "accountType": account_type,
            "accountTypeName": ACCOUNT_TYPE_NAMES[account_type],
            "parentNo": parent_no,
            "parent": ref(parent, "no", "name") if parent else None,
            "lvl": (parent["lvl"] + 1) if parent else 1,
            "currencyCode": text(params, "currencyCode") or "IDR",
            "asOf": day(params, "asOf", default=db.start_date),
            "openBalance": open_balance,
            "memo": text(params, "memo"),
            "bankAccount": text(params, "bankAccount"),
            "bankAccountName": text(params, "bankAccountName"),
            "bankCode": text(params, "bankCode"),
            "suspended": flag(params, "suspended"),
        }

    def post(self, db: Database, record: Record) -> None:
        amount = record["openBalance"]
        if not amount:
            return
        signed = natural_balance(record["accountType"], amount)
        equity = db.accounts.opening_equity
        db.books.ledger.post(record["asOf"], self.name, record["id"], record["no"], [
            JournalLine(record["no"], max(signed, ZERO), max(-signed, ZERO), memo="Saldo awal"),
            JournalLine(equity, max(-signed, ZERO), max(signed, ZERO), memo="Saldo awal"),
        ])

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("glaccount", record["parentNo"])] if record.get("parentNo") else []

    def live(self, db: Database, record: Record) -> dict[str, Any]:
        total = natural_balance(record["accountType"], _subtree_net(db, record["no"], None, None))
        is_parent = any(a.get("parentNo") == record["no"] for a in db.table("glaccount"))
        return {"balance": total, "isParent": is_parent, "leaf": not is_parent}

    @property
    def extras(self) -> dict[str, Extra]:
        return {
            "get-balance": Extra("view", get_balance),
            "get-pl-account-amount": Extra("view", get_pl_amounts),
            "get-bs-account-amount": Extra("view", get_bs_amounts),
        }


def _subtree_net(db: Database, no: str, start: date | None, end: date | None) -> Any:
    numbers = _subtree(db, no)
    if start is None and end is None:
        return sum((db.books.ledger.net(n) for n in numbers), ZERO)
    return sum((db.books.ledger.net_between(n, start, end) for n in numbers), ZERO)


def _branch_net(db: Database, numbers: list[str], branch_name: str, start: date | None, end: date | None) -> Any:
    """Movement of ``numbers`` from the documents of one branch (the branch is the document's)."""

    def of_branch(entry: Any) -> bool:
        document = db.table(entry.source).get(entry.source_id)
        return document is not None and str(document.get("branchName") or "").casefold() == branch_name.casefold()

    movements = db.books.ledger.movements(start, end, of_branch)
    return sum((movements.get(n, ZERO) for n in numbers), ZERO)


def _subtree(db: Database, no: str) -> list[str]:
    children = [a["no"] for a in db.table("glaccount") if a.get("parentNo") == no]
    return [no] + [n for child in children for n in _subtree(db, child)]


def get_balance(db: Database, params: Params) -> dict[str, Any]:
    """glaccount/get-balance.do: ``no`` required; ``asOfDate`` or ``fromDate``/``toDate``."""
    no = text(params, "no", need=True)
    assert no is not None
    account = db.find("glaccount", no)
    if account is None:
        raise AccurateError("Akun Perkiraan tidak tepat")
    start = day(params, "fromDate") if params.get("fromDate") else None
    end = day(params, "toDate") if params.get("toDate") else None
    if params.get("asOfDate"):
        start, end = None, day(params, "asOfDate")
    branch_name = text(params, "branchName")
    if branch_name is not None:
        found = db.find("branch", branch_name)
        if found is None:
            raise AccurateError("Cabang tidak tepat")
        net = _branch_net(db, _subtree(db, no), found["name"], start, end)
    else:
        net = _subtree_net(db, no, start, end)
    return {"s": True, "d": {"no": no, "name": account["name"], "accountType": account["accountType"],
                             "balance": natural_balance(account["accountType"], net)}}


def _amounts(db: Database, accounts: list[Record], start: date | None, end: date | None) -> list[dict[str, Any]]:
    movements = db.books.ledger.movements(start, end)
    rows = []
    for account in sorted(accounts, key=lambda a: a["no"]):
        net = sum((movements.get(n, ZERO) for n in _subtree(db, account["no"])), ZERO)
        rows.append({"id": account["id"], "no": account["no"], "name": account["name"],
                     "accountType": account["accountType"], "lvl": account["lvl"],
                     "parentNo": account.get("parentNo"),
                     "amount": natural_balance(account["accountType"], net)})
    return rows


def get_pl_amounts(db: Database, params: Params) -> dict[str, Any]:
    start, end = day(params, "fromDate", need=True), day(params, "toDate", need=True)
    accounts = [a for a in db.table("glaccount") if a["accountType"] in PROFIT_AND_LOSS]
    return {"s": True, "d": _amounts(db, accounts, start, end)}


def get_bs_amounts(db: Database, params: Params) -> dict[str, Any]:
    end = day(params, "asOfDate", need=True)
    accounts = [a for a in db.table("glaccount") if a["accountType"] not in PROFIT_AND_LOSS]
    rows = _amounts(db, accounts, None, end)
    # Profit to date is part of equity on a balance sheet (Accurate shows "Laba Tahun Berjalan").
    pl_net = sum((v for no, v in db.books.ledger.movements(None, end).items()
                  if (a := db.find("glaccount", no)) and a["accountType"] in PROFIT_AND_LOSS), ZERO)
    rows.append({"id": None, "no": None, "name": "Laba Tahun Berjalan", "accountType": "EQUITY",
                 "lvl": 1, "parentNo": None, "amount": -pl_net})
    return {"s": True, "d": rows}
