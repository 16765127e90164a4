"""Journal vouchers: free debit/credit lines; receivable lines name their customer (subsidiary)."""

from __future__ import annotations

from ..domain.errors import AccurateError, invalid_field, not_found_reference
from ..domain.ledger import JournalLine
from ..domain.money import ZERO
from ..store.database import Database
from ..store.table import Record
from .base import Module
from .common import account, header, ref
from .fields import Params, choice, lines, number, text

# Stock value must stay equal to the inventory accounts, so journals may not touch them directly.
SUBLEDGER_ONLY = {"INVENTORY"}


class JournalVoucherModule(Module):
    name = "journal-voucher"
    entity = "Bukti Jurnal Umum"
    key_label = "No Bukti"
    posts = True
    line_arrays = ("detailJournalVoucher",)

    def build(self, db: Database, params: Params, existing: Record | None) -> Record:
        detail = []
        for line in lines(params, "detailJournalVoucher"):
            found = account(db, text(line, "accountNo"))
            if found["accountType"] in SUBLEDGER_ONLY:
                raise AccurateError(f'Akun "{found["no"]}" tidak dapat digunakan di Jurnal Umum')
            amount = number(line, "amount", need=True)
            if amount <= 0:
                raise invalid_field("amount")
            side = choice(line, "amountType", ("DEBIT", "CREDIT"))
            customer_no = text(line, "customerNo")
            if found["accountType"] == "ACCOUNT_RECEIVABLE":
                if customer_no is None:
                    raise AccurateError(f'Pelanggan harus diisi untuk akun piutang "{found["no"]}"')
                buyer = db.find("customer", customer_no)
                if buyer is None:
                    raise not_found_reference("Pelanggan", customer_no)
                customer_no = buyer["customerNo"]
            else:
                customer_no = None
            detail.append({"id": line.get("id"), "account": ref(found, "no", "name"), "accountNo": found["no"],
                           "amount": amount, "amountType": side, "memo": text(line, "memo"),
                           "customerNo": customer_no, "subsidiaryType": "CUSTOMER" if customer_no else None})
        if not detail:
            raise AccurateError("Detail dari transaksi belum diisi!")
        debit = sum((ln["amount"] for ln in detail if ln["amountType"] == "DEBIT"), ZERO)
        credit = sum((ln["amount"] for ln in detail if ln["amountType"] == "CREDIT"), ZERO)
        if debit != credit:
            raise AccurateError(f"Total Debit ({debit}) dan Kredit ({credit}) harus sama")
        return {**header(db, params), "totalAmount": debit, "detailJournalVoucher": detail}

    def post(self, db: Database, record: Record) -> None:
        journal = []
        for line in record["detailJournalVoucher"]:
            net = line["amount"] if line["amountType"] == "DEBIT" else -line["amount"]
            if line["customerNo"]:
                db.books.receivables.adjust(line["customerNo"], net)
            journal.append(JournalLine(line["accountNo"], max(net, ZERO), max(-net, ZERO), line["customerNo"],
                                       line["memo"] or ""))
        db.books.ledger.post(record["transDate"], self.name, record["id"], record["number"], journal)

    def references(self, record: Record) -> list[tuple[str, str]]:
        refs = [("glaccount", ln["accountNo"]) for ln in record["detailJournalVoucher"]]
        return refs + [("customer", ln["customerNo"]) for ln in record["detailJournalVoucher"] if ln["customerNo"]]
