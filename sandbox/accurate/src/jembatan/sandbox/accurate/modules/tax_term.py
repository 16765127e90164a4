"""Tax codes (PPN …) and payment terms."""

from __future__ import annotations

from ..domain.errors import AccurateError
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account
from .fields import Params, choice, flag, number, text

TAX_TYPES = ("PPN", "PPNBM", "PPH23", "PPHPS4", "PPH21", "PPH15", "PPH22")


class TaxModule(Module):
    name = "tax"
    entity = "Pajak"
    key_param = "description"
    key_label = "Nama Pajak"
    bulk = False
    auto_number = False

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        sales_account = account(db, text(params, "salesTaxGlAccountNo"), "salesTaxGlAccountNo")
        purchase_account = account(db, text(params, "purchaseTaxGlAccountNo"), "purchaseTaxGlAccountNo")
        rate = number(params, "rate")
        if rate < 0 or rate > 100:
            raise AccurateError('Invalid field value for field "rate".')
        return {
            "description": text(params, "description", need=True),
            "taxType": choice(params, "taxType", TAX_TYPES, default="PPN"),
            "rate": rate,
            "salesTaxGlAccountNo": sales_account["no"],
            "purchaseTaxGlAccountNo": purchase_account["no"],
        }

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("glaccount", record["salesTaxGlAccountNo"]), ("glaccount", record["purchaseTaxGlAccountNo"])]


class PaymentTermModule(Module):
    name = "payment-term"
    entity = "Syarat Pembayaran"
    key_param = "name"
    key_label = "Nama Syarat Pembayaran"
    bulk = False
    auto_number = False

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        return {
            "name": text(params, "name", need=True),
            "netDays": int(number(params, "netDays", need=True)),
            "discDays": int(number(params, "discDays", need=True)),
            "discPC": number(params, "discPC", need=True),
            "defaultTerm": flag(params, "defaultTerm"),
            "memo": text(params, "memo"),
        }
