"""An outlet's mapping form ↔ the mapper's mapping body — pure.

The form shows what the merchant sets in the add-on's mapping dialog; everything else of a saved
mapping (sync mode, hours, channels…) is carried over unchanged, so saving the form loses nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACCOUNT_FIELDS = (
    "iseller_pay_clearing_account",
    "mdr_fee_account",
    "payout_account",
    "bank_adjustment_account",
    "service_charge_account",
    "shipping_account",
    "rounding_account",
    "stock_adjustment_account",
    "stock_count_account",
    "damaged_goods_account",
    "output_tax_account",
    "receivable_account",
    "sales_account",
)
PLACE_FIELDS = ("outlet_code", "branch_name", "warehouse_name", "walk_in_customer_no")
# iSeller payment types (and gateways) offered as rows; a tenant's custom types get free rows.
PAYMENT_TYPES = ("cash", "external_debit", "external_credit", "custom", "gift_card", "store_credit")
FREE_PAYMENT_ROWS = 3


def blank_mapping(outlet_id: str, outlet_code: str = "") -> dict[str, Any]:
    return {"enabled": True, "payment_accounts": {}, "channels_off": [],
            "snapshot": {"outlet_id": outlet_id, "outlet_code": outlet_code, "branch_name": "",
                         "warehouse_name": "", "walk_in_customer_no": "", "tax": {}}}  # fmt: skip


def payment_rows(mapping: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(payment type, account) rows: the usual types first, then the mapping's own, then blanks."""
    accounts: dict[str, str] = dict(mapping.get("payment_accounts", {}))
    rows = [(name, accounts.pop(name, "")) for name in PAYMENT_TYPES]
    rows += sorted(accounts.items())
    return rows + [("", "")] * FREE_PAYMENT_ROWS


def mapping_from_form(saved: Mapping[str, Any], form: Mapping[str, str], payments: list[tuple[str, str]]) -> dict[str, Any]:
    """The mapping to send: `saved` with the form's fields laid over it."""
    mapping = copy.deepcopy(dict(saved))
    snapshot = mapping.setdefault("snapshot", {})
    mapping["enabled"] = form.get("enabled") == "on"
    for name in PLACE_FIELDS:
        snapshot[name] = form.get(name, "").strip()
    for name in ACCOUNT_FIELDS:
        snapshot[name] = form.get(name, "").strip() or None
    tax = snapshot.setdefault("tax", {})
    tax["charges_ppn"] = form.get("charges_ppn") == "on"
    tax["prices_include_tax"] = form.get("prices_include_tax") == "on"
    tax["tax_code"] = form.get("tax_code", "").strip() or None
    mapping["payment_accounts"] = {kind.strip(): no.strip() for kind, no in payments if kind.strip() and no.strip()}
    return mapping


@dataclass(frozen=True)
class Pickers:
    """The choices of the mapping form's lists: (value, label) pairs per field, from Accurate."""

    branches: list[tuple[str, str]]
    warehouses: list[tuple[str, str]]
    tax_codes: list[tuple[str, str]]
    accounts: dict[str, list[tuple[str, str]]]  # form field → the accounts of a fitting type
    payment_accounts: list[tuple[str, str]]


def pickers(master: Mapping[str, Any]) -> Pickers | None:
    """The mapper's master-data answer as the form's choices; None when Accurate was never read."""
    if not master.get("refreshed") and not master.get("accounts"):
        return None
    fitting: Mapping[str, list[str]] = master.get("fitting_types", {})

    def of_types(types: list[str] | None) -> list[tuple[str, str]]:
        return [(a["no"], f"{a['no']} · {a['name']}") for a in master.get("accounts", [])
                if types is None or a["account_type"] in types]  # fmt: skip

    return Pickers(
        branches=[(b, b) for b in master.get("branches", [])],
        warehouses=[(w, w) for w in master.get("warehouses", [])],
        tax_codes=[(t["name"], f"{t['name']} ({t['tax_type']} {t['rate']}%)") for t in master.get("tax_codes", [])],
        accounts={name: of_types(fitting.get(name)) for name in ACCOUNT_FIELDS},
        payment_accounts=of_types(fitting.get("payment_accounts")),
    )
