"""Other deposit (money in), other payment (money out) and bank transfer (with charge lines)."""

from __future__ import annotations

from typing import Any

from ..assumptions import BANK_CHARGES_REDUCE_RECEIVED_AMOUNT
from ..domain.errors import AccurateError, invalid_field
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account, header, ref
from .fields import Params, day, lines, number, text

NOT_IN_CASH_DOCUMENTS = {"INVENTORY", "ACCOUNT_RECEIVABLE"}  # these have subledgers of their own


def _account_lines(db: Database, params: Params) -> list[dict[str, Any]]:
    result = []
    for line in lines(params, "detailAccount"):
        found = account(db, text(line, "accountNo"))
        if found["accountType"] in NOT_IN_CASH_DOCUMENTS:
            raise AccurateError(f'Akun "{found["no"]}" tidak dapat digunakan di transaksi ini')
        amount = number(line, "amount", need=True)
        if amount == 0:
            raise invalid_field("amount")
        result.append({"id": line.get("id"), "account": ref(found, "no", "name"), "accountNo": found["no"],
                       "amount": amount, "expenseName": text(line, "expenseName") or found["name"],
                       "detailNotes": text(line, "detailNotes")})
    if not result:
        raise AccurateError("Detail dari transaksi belum diisi!")
    return result


class _CashModule(Module):
    posts = True
    line_arrays = ("detailAccount",)
    money_in = True

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        bank = account(db, text(params, "bankNo"), "bankNo", cash_bank=True)
        detail = _account_lines(db, params)
        head = header(db, params)
        return {**head, "bank": ref(bank, "no", "name"), "bankNo": bank["no"], "payee": text(params, "payee"),
                "chequeNo": text(params, "chequeNo"), "chequeDate": day(params, "chequeDate", default=head["transDate"]),
                "amount": sum((ln["amount"] for ln in detail), ZERO), "detailAccount": detail}

    def post(self, db: Database, record: Record) -> None:
        sign = 1 if self.money_in else -1
        journal = [JournalLine(record["bankNo"], debit=sign * record["amount"])]
        journal += [JournalLine(ln["accountNo"], credit=sign * ln["amount"], memo=ln["expenseName"])
                    for ln in record["detailAccount"]]
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("glaccount", record["bankNo"])] + [("glaccount", ln["accountNo"]) for ln in record["detailAccount"]]


class OtherDepositModule(_CashModule):
    name = "other-deposit"
    entity = "Penerimaan"
    money_in = True


class OtherPaymentModule(_CashModule):
    name = "other-payment"
    entity = "Pembayaran"
    money_in = False


class BankTransferModule(Module):
    name = "bank-transfer"
    entity = "Transfer Bank"
    posts = True
    line_arrays = ("detailBankTransfer",)

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        source = account(db, text(params, "fromBankNo"), "fromBankNo", cash_bank=True)
        target = account(db, text(params, "toBankNo"), "toBankNo", cash_bank=True)
        if source["no"] == target["no"]:
            raise AccurateError("Akun asal dan akun tujuan tidak boleh sama")
        amount = number(params, "fromBankAmount", need=True)
        if amount <= 0:
            raise invalid_field("fromBankAmount")
        charges = []
        for line in lines(params, "detailBankTransfer"):
            found = account(db, text(line, "accountNo"))
            value = number(line, "amount", need=True)
            if value <= 0:
                raise invalid_field("amount")
            charges.append({"id": line.get("id"), "account": ref(found, "no", "name"), "accountNo": found["no"],
                            "amount": value, "bankChargeType": text(line, "bankChargeType"),
                            "expenseName": text(line, "expenseName") or found["name"]})
        total_charges = sum((c["amount"] for c in charges), ZERO)
        received = amount - total_charges if BANK_CHARGES_REDUCE_RECEIVED_AMOUNT else amount
        if received < 0:
            raise AccurateError("Biaya transfer tidak boleh melebihi nilai transfer")
        return {**header(db, params), "fromBank": ref(source, "no", "name"), "fromBankNo": source["no"],
                "toBank": ref(target, "no", "name"), "toBankNo": target["no"], "fromBankAmount": amount,
                "toBankAmount": received, "totalCharges": total_charges, "detailBankTransfer": charges}

    def post(self, db: Database, record: Record) -> None:
        paid_out = record["fromBankAmount"] + (ZERO if BANK_CHARGES_REDUCE_RECEIVED_AMOUNT else record["totalCharges"])
        journal = [JournalLine(record["fromBankNo"], credit=paid_out),
                   JournalLine(record["toBankNo"], debit=record["toBankAmount"])]
        journal += [JournalLine(c["accountNo"], debit=c["amount"], memo=c["expenseName"])
                    for c in record["detailBankTransfer"]]
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        return [("glaccount", record["fromBankNo"]), ("glaccount", record["toBankNo"])]
