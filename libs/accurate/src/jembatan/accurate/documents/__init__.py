"""Typed request models for the documents Jembatan posts to Accurate."""

from jembatan.accurate.documents.base import AccurateDocument, AccurateModel, Money, Transaction
from jembatan.accurate.documents.cash import (
    AmountType,
    BankCharge,
    BankTransfer,
    CashLine,
    JournalLine,
    JournalVoucher,
    OtherDeposit,
    OtherPayment,
)
from jembatan.accurate.documents.masters import Customer, GroupComponent, Item, ItemType
from jembatan.accurate.documents.purchase import (
    PurchaseExpense,
    PurchaseInvoice,
    PurchaseLine,
    ReceiveItem,
    Vendor,
)
from jembatan.accurate.documents.sales import (
    ExpenseLine,
    InvoiceLine,
    PaymentMethod,
    ReceiptDiscount,
    ReceiptInvoice,
    ReturnLine,
    ReturnType,
    SalesInvoice,
    SalesReceipt,
    SalesReturn,
)
from jembatan.accurate.documents.stock import (
    AdjustmentLine,
    AdjustmentType,
    ItemAdjustment,
    ItemTransfer,
    ItemTransferType,
    TargetQuantityAdjustment,
    TargetQuantityLine,
    TransferLine,
)

__all__ = [
    "AccurateDocument", "AccurateModel", "AdjustmentLine", "AdjustmentType", "AmountType", "BankCharge",
    "BankTransfer", "CashLine", "Customer", "ExpenseLine", "GroupComponent", "InvoiceLine", "Item",
    "ItemAdjustment", "ItemTransfer", "ItemTransferType", "ItemType", "JournalLine", "JournalVoucher",
    "Money", "OtherDeposit", "OtherPayment", "PaymentMethod", "PurchaseExpense", "PurchaseInvoice",
    "PurchaseLine", "ReceiptDiscount", "ReceiptInvoice", "ReceiveItem", "ReturnLine", "ReturnType",
    "SalesInvoice", "SalesReceipt", "SalesReturn", "TargetQuantityAdjustment", "TargetQuantityLine",
    "Transaction", "TransferLine", "Vendor",
]  # fmt: skip
