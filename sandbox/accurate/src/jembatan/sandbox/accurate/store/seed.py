"""A new database as Accurate creates it for an Indonesian retailer: chart, branches, warehouses, taxes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.chart import RETAIL_CHART
from .database import Database


def new_database(db_id: int, alias: str, start_date: date, branches: list[str], warehouses: list[str]) -> Database:
    """Create and seed a database; every master goes through the same save path as API calls."""
    from ..modules.crud import save
    from ..modules.registry import MODULES

    db = Database(id=db_id, alias=alias, start_date=start_date)

    def add(module: str, params: dict[str, Any]) -> None:
        save(db, MODULES[module], params)

    for account in RETAIL_CHART:
        add("glaccount", {"no": account.no, "name": account.name, "accountType": account.account_type,
                          "parentNo": account.parent_no})
    for name in branches or ["Kantor Pusat"]:
        add("branch", {"name": name})
    for name in warehouses or ["Utama"]:
        add("warehouse", {"name": name})
    add("tax", {"description": "PPN", "taxType": "PPN", "rate": Decimal(11),
                "salesTaxGlAccountNo": db.accounts.output_tax, "purchaseTaxGlAccountNo": db.accounts.input_tax})
    add("tax", {"description": "PPN 12%", "taxType": "PPN", "rate": Decimal(12),
                "salesTaxGlAccountNo": db.accounts.output_tax, "purchaseTaxGlAccountNo": db.accounts.input_tax})
    add("payment-term", {"name": "C.O.D", "netDays": 0, "discDays": 0, "discPC": 0, "defaultTerm": True})
    add("payment-term", {"name": "Net 30", "netDays": 30, "discDays": 0, "discPC": 0})
    return db
