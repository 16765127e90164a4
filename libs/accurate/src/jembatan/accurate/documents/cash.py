"""General-ledger and cash/bank documents: journal voucher, other deposit/payment, bank transfer."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from jembatan.accurate.documents import assumptions as guess
from jembatan.accurate.documents.base import AccurateModel, DetailLine, HeaderCustomFields, Money, Transaction
from pydantic import Field, model_validator


class AmountType(StrEnum):
    """Side of a journal line."""

    DEBIT = "DEBIT"
    CREDIT = "CREDIT"


class JournalLine(DetailLine):
    """``detailJournalVoucher[]``; ``amount`` is always positive, the side is ``amount_type``."""

    account_no: str
    amount: Money = Field(gt=0)
    amount_type: AmountType
    memo: str | None = None
    department_name: str | None = None
    project_no: str | None = None
    customer_no: str | None = None
    vendor_no: str | None = None
    subsidiary_type: str | None = None


class JournalVoucher(Transaction, HeaderCustomFields):
    """``journal-voucher/save.do``; debits must equal credits."""

    MODULE: ClassVar[str] = "journal-voucher"

    detail_journal_voucher: list[JournalLine] = Field(min_length=2)

    @model_validator(mode="after")
    def _balanced(self) -> JournalVoucher:
        debit = sum(
            (x.amount for x in self.detail_journal_voucher if x.amount_type == AmountType.DEBIT), Decimal(0)
        )
        credit = sum(
            (x.amount for x in self.detail_journal_voucher if x.amount_type == AmountType.CREDIT), Decimal(0)
        )
        if debit != credit:
            raise ValueError(f"journal does not balance: debit {debit} != credit {credit}")
        return self


class CashLine(DetailLine):
    """``detailAccount[]`` of an other deposit / other payment."""

    account_no: str
    amount: Money
    expense_name: str | None = Field(default=None, alias=guess.CASH_LINE_NAME)
    detail_notes: str | None = None
    department_name: str | None = None
    project_no: str | None = None


class _CashDocument(Transaction, HeaderCustomFields):
    bank_no: str
    payee: str | None = None
    cheque_no: str | None = None
    detail_account: list[CashLine] = Field(min_length=1)


class OtherDeposit(_CashDocument):
    """``other-deposit/save.do`` — money into ``bank_no``, detail accounts credited."""

    MODULE: ClassVar[str] = "other-deposit"


class OtherPayment(_CashDocument):
    """``other-payment/save.do`` — money out of ``bank_no``, detail accounts debited."""

    MODULE: ClassVar[str] = "other-payment"


class BankCharge(AccurateModel):
    """A charge line of a bank transfer (field names unverified, see ``assumptions.py``)."""

    account_no: str
    amount: Money
    bank_charge_type: str | None = Field(default=None, alias=guess.BANK_CHARGE_TYPE)
    expense_name: str | None = None


class BankTransfer(Transaction):
    """``bank-transfer/save.do`` — move money between two cash/bank accounts."""

    MODULE: ClassVar[str] = "bank-transfer"

    from_bank_no: str
    to_bank_no: str
    from_bank_amount: Money = Field(gt=0)
    to_branch_name: str | None = None
    detail_bank_transfer: list[BankCharge] | None = Field(default=None, alias=guess.BANK_TRANSFER_CHARGES)
