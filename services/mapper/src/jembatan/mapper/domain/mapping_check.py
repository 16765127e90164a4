"""Checking an outlet's mapping against Accurate's master data before it is saved — pure.

Every account must exist, be a leaf (a detail account, not a header) and be of the right type;
branch and warehouse must exist. Problems are sentences a merchant can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .mapping import OutletMapping

CASH_BANK = frozenset({"CASH_BANK"})
EXPENSE = frozenset({"EXPENSE", "OTHER_EXPENSE", "COGS"})
INCOME = frozenset({"REVENUE", "OTHER_INCOME"})
EITHER = INCOME | EXPENSE
TAX_LIABILITY = frozenset({"OTHER_CURRENT_LIABILITY"})
TYPE_NAMES = {"CASH_BANK": "cash/bank", "REVENUE": "revenue", "OTHER_INCOME": "other income",
              "EXPENSE": "expense", "OTHER_EXPENSE": "other expense", "COGS": "cost of goods sold",
              "EQUITY": "equity", "ACCOUNT_RECEIVABLE": "receivable", "ACCOUNT_PAYABLE": "payable",
              "INVENTORY": "inventory",
              "OTHER_CURRENT_LIABILITY": "other current liability"}  # fmt: skip

ACCOUNT_RULES: dict[str, tuple[str, frozenset[str]]] = {
    "iseller_pay_clearing_account": ("iSeller Pay clearing", CASH_BANK),
    "payout_account": ("payout", CASH_BANK),
    "mdr_fee_account": ("MDR fee", EXPENSE),
    "bank_adjustment_account": ("bank adjustment", EXPENSE),
    "service_charge_account": ("service / additional charge", INCOME),
    "shipping_account": ("shipping income", INCOME),
    "rounding_account": ("rounding", EITHER),
    "stock_adjustment_account": ("stock adjustment", EITHER),
    "stock_count_account": ("stock count difference", EITHER),
    "damaged_goods_account": ("damaged goods", EXPENSE),
    "output_tax_account": ("output tax (PPN)", TAX_LIABILITY),
    "receivable_account": ("customer receivable", frozenset({"ACCOUNT_RECEIVABLE"})),
}


@dataclass(frozen=True)
class Account:
    no: str
    name: str
    account_type: str
    leaf: bool = True


@dataclass(frozen=True)
class TaxCode:
    """An Accurate tax (`tax/list.do`): items name it in `tax1Name` by its description."""

    name: str
    tax_type: str
    rate: Decimal
    sales_account: str | None = None


@dataclass(frozen=True)
class MasterData:
    """What Accurate has: accounts by number, branch and warehouse names, tax codes by name."""

    accounts: dict[str, Account] = field(default_factory=dict)
    branches: frozenset[str] = frozenset()
    warehouses: frozenset[str] = frozenset()
    taxes: dict[str, TaxCode] = field(default_factory=dict)


def _type_name(account_type: str) -> str:
    return TYPE_NAMES.get(account_type, account_type.lower().replace("_", " "))


def account_problem(no: str, role: str, allowed: frozenset[str], master: MasterData) -> str | None:
    """Why account `no` cannot be the `role` account, or None."""
    account = master.accounts.get(no)
    if account is None:
        return f"{role} account {no} does not exist in Accurate"
    if not account.leaf:
        return f"{role} account {no} ({account.name}) is a header account; choose one of its detail accounts"
    if account.account_type not in allowed:
        wanted = " or ".join(sorted({_type_name(t) for t in allowed}))
        return (f"{role} account {no} ({account.name}) is a {_type_name(account.account_type)} account; "
                f"it must be a {wanted} account")  # fmt: skip
    return None


def mapping_problems(mapping: OutletMapping, master: MasterData) -> list[str]:
    """Everything wrong with `mapping` against Accurate; empty when it can be saved."""
    snap, problems = mapping.snapshot, []
    if snap.branch_name not in master.branches:
        problems.append(f"branch {snap.branch_name!r} does not exist in Accurate")
    if snap.warehouse_name not in master.warehouses:
        problems.append(f"warehouse {snap.warehouse_name!r} does not exist in Accurate")
    for name, no in sorted(mapping.payment_accounts.items()):
        problems.append(account_problem(no, f"payment type {name!r}", CASH_BANK, master) or "")
    for attr, (role, allowed) in ACCOUNT_RULES.items():
        no = getattr(snap, attr)
        if no:
            problems.append(account_problem(no, role, allowed, master) or "")
    problems += ppn_problems(mapping, master)
    return [p for p in problems if p]


def ppn_problems(mapping: OutletMapping, master: MasterData) -> list[str]:
    """Why the outlet cannot charge PPN in Accurate as mapped (empty when PPN is off or usable)."""
    snap = mapping.snapshot
    tax = snap.tax
    if not tax.charges_ppn:
        return []
    outlet = f"outlet {snap.outlet_code} charges PPN"
    problems = []
    if not snap.output_tax_account:
        problems.append(f"{outlet}: choose its output tax (PPN) account, for the PPN on service charges "
                        "and the till's rounding of PPN")  # fmt: skip
    if not tax.tax_code:
        return [
            *problems,
            f"{outlet} but has no tax code: choose the Accurate tax code its taxable items carry",
        ]
    code = master.taxes.get(tax.tax_code)
    if code is None:
        known = ", ".join(sorted(n for n, t in master.taxes.items() if t.tax_type == "PPN")) or "none"
        return [*problems, f"{outlet} with tax code {tax.tax_code!r}, which does not exist in Accurate "
                           f"(PPN codes there: {known})"]  # fmt: skip
    if code.tax_type != "PPN":
        problems.append(f"tax code {tax.tax_code!r} is a {code.tax_type} tax in Accurate, not PPN")
    elif code.rate != tax.tax_rate:
        problems.append(f"tax code {tax.tax_code!r} is {code.rate.normalize():f} % in Accurate but the mapping "
                        f"says {tax.tax_rate.normalize():f} %; the invoices would not match the till")  # fmt: skip
    return problems
