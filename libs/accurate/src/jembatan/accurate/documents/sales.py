"""Sales documents: invoice, receipt (customer payment), return."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from jembatan.accurate.documents.base import (
    AccurateDate,
    AccurateModel,
    DetailLine,
    HeaderCustomFields,
    Money,
    Transaction,
)
from pydantic import Field, model_validator


class InvoiceLine(DetailLine):
    """``detailItem[]`` of a sales invoice."""

    item_no: str
    unit_price: Money
    quantity: Money = Decimal(1)
    item_unit_name: str | None = None
    warehouse_name: str | None = None
    detail_name: str | None = None
    detail_notes: str | None = None
    item_cash_discount: Money | None = None
    item_disc_percent: str | None = None  # may be cascaded, e.g. "10+5"
    department_name: str | None = None
    project_no: str | None = None
    use_tax1: bool | None = None
    use_tax2: bool | None = None
    use_tax3: bool | None = None
    char_field1: str | None = None
    char_field2: str | None = None
    char_field3: str | None = None


class ExpenseLine(DetailLine):
    """``detailExpense[]``: service charge, delivery fee, rounding — booked to a GL account."""

    account_no: str
    expense_amount: Money
    expense_name: str | None = None
    expense_notes: str | None = None
    department_name: str | None = None


class SalesInvoice(Transaction, HeaderCustomFields):
    """``sales-invoice/save.do``."""

    MODULE: ClassVar[str] = "sales-invoice"

    customer_no: str
    detail_item: list[InvoiceLine] = Field(min_length=1)
    detail_expense: list[ExpenseLine] = Field(default_factory=list)
    po_number: str | None = None
    taxable: bool | None = None
    inclusive_tax: bool | None = None
    cash_discount: Money | None = None
    cash_disc_percent: str | None = None
    currency_code: str | None = None
    payment_term_name: str | None = None
    tax_date: AccurateDate | None = None
    tax_number: str | None = None
    type_auto_number: int | None = None


class PaymentMethod(StrEnum):
    """``paymentMethod`` of a sales receipt."""

    CASH_OTHER = "CASH_OTHER"
    BANK_CHEQUE = "BANK_CHEQUE"
    BANK_TRANSFER = "BANK_TRANSFER"
    EDC = "EDC"
    DEBIT_CARD = "DEBIT_CARD"
    CREDIT_CARD = "CREDIT_CARD"
    QRIS = "QRIS"
    PAYMENT_LINK = "PAYMENT_LINK"
    VIRTUAL_ACCOUNT = "VIRTUAL_ACCOUNT"
    E_WALLET = "E_WALLET"
    OTHERS = "OTHERS"


class ReceiptDiscount(AccurateModel):
    """``detailInvoice[].detailDiscount[]``: e.g. an MDR fee to an expense account."""

    account_no: str
    amount: Money
    discount_notes: str | None = None
    department_name: str | None = None
    project_no: str | None = None


class ReceiptInvoice(DetailLine):
    """``detailInvoice[]``: one invoice settled by the receipt."""

    invoice_no: str
    payment_amount: Money
    detail_discount: list[ReceiptDiscount] | None = None
    department_name: str | None = None


class SalesReceipt(Transaction, HeaderCustomFields):
    """``sales-receipt/save.do`` — a customer payment settling one or more invoices."""

    MODULE: ClassVar[str] = "sales-receipt"

    customer_no: str
    bank_no: str
    cheque_amount: Money
    detail_invoice: list[ReceiptInvoice] = Field(min_length=1)
    payment_method: PaymentMethod | None = None
    cheque_no: str | None = None
    cheque_date: AccurateDate | None = None
    currency_code: str | None = None
    pass_validate_invoice_date: bool | None = None
    use_credit: bool | None = None

    def settled_amount(self) -> Decimal:
        """Payments minus discounts — what we assume ``chequeAmount`` must equal (unverified)."""
        paid = sum((line.payment_amount for line in self.detail_invoice), Decimal(0))
        fees = sum((d.amount for line in self.detail_invoice for d in line.detail_discount or ()), Decimal(0))
        return paid - fees


class ReturnType(StrEnum):
    """``returnType`` of a sales return."""

    DELIVERY = "DELIVERY"
    INVOICE = "INVOICE"
    INVOICE_DP = "INVOICE_DP"
    NO_INVOICE = "NO_INVOICE"


class ReturnLine(DetailLine):
    """``detailItem[]`` of a sales return."""

    item_no: str
    unit_price: Money
    quantity: Money = Decimal(1)
    item_unit_name: str | None = None
    warehouse_name: str | None = None
    detail_notes: str | None = None
    item_cash_discount: Money | None = None
    use_tax1: bool | None = None


class SalesReturn(Transaction, HeaderCustomFields):
    """``sales-return/save.do`` — a refund of goods, usually against an invoice."""

    MODULE: ClassVar[str] = "sales-return"

    customer_no: str
    return_type: ReturnType
    detail_item: list[ReturnLine] = Field(min_length=1)
    detail_expense: list[ExpenseLine] = Field(default_factory=list)
    invoice_number: str | None = None
    delivery_order_number: str | None = None
    taxable: bool | None = None
    inclusive_tax: bool | None = None
    cash_discount: Money | None = None
    tax_date: AccurateDate | None = None
    tax_number: str | None = None

    @model_validator(mode="after")
    def _reference_matches_type(self) -> SalesReturn:
        if self.return_type in (ReturnType.INVOICE, ReturnType.INVOICE_DP) and not self.invoice_number:
            raise ValueError("invoice_number is required when return_type is INVOICE or INVOICE_DP")
        if self.return_type == ReturnType.DELIVERY and not self.delivery_order_number:
            raise ValueError("delivery_order_number is required when return_type is DELIVERY")
        return self
