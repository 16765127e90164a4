"""Every module the data host serves, by its path name."""

from __future__ import annotations

from .base import Module
from .customer import CustomerModule
from .glaccount import GlAccountModule
from .item import ItemModule
from .places import BranchModule, WarehouseModule
from .sales_invoice import SalesInvoiceModule
from .tax_term import PaymentTermModule, TaxModule

MODULES: dict[str, Module] = {
    module.name: module
    for module in (
        ItemModule(), CustomerModule(), WarehouseModule(), BranchModule(), GlAccountModule(), TaxModule(),
        PaymentTermModule(), SalesInvoiceModule(),
    )
}
