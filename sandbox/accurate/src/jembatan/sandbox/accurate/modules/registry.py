"""Every module the data host serves, by its path name."""

from __future__ import annotations

from .base import Module
from .cash_bank import BankTransferModule, OtherDepositModule, OtherPaymentModule
from .customer import CustomerModule
from .glaccount import GlAccountModule
from .item import ItemModule
from .item_adjustment import ItemAdjustmentModule
from .item_transfer import ItemTransferModule
from .journal_voucher import JournalVoucherModule
from .places import BranchModule, WarehouseModule
from .purchasing import PurchaseInvoiceModule, ReceiveItemModule, VendorModule
from .sales_invoice import SalesInvoiceModule
from .sales_receipt import SalesReceiptModule
from .sales_return import SalesReturnModule
from .tax_term import PaymentTermModule, TaxModule

MODULES: dict[str, Module] = {
    module.name: module
    for module in (
        ItemModule(), CustomerModule(), WarehouseModule(), BranchModule(), GlAccountModule(), TaxModule(),
        PaymentTermModule(), SalesInvoiceModule(), SalesReturnModule(), SalesReceiptModule(),
        ItemTransferModule(), ItemAdjustmentModule(), JournalVoucherModule(), OtherDepositModule(),
        OtherPaymentModule(), BankTransferModule(), VendorModule(), ReceiveItemModule(), PurchaseInvoiceModule(),
    )
}
