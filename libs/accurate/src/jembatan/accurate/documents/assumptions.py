"""Every field name and rule the typed documents use that is NOT confirmed by Accurate.

Kept in one place so that when the OpenAPI file or a live tenant says otherwise, this module is the
only thing to change (the Accurate sandbox mirrors the same assumptions). Numbers refer to
``reference/accurate-api.md`` §8 "Gaps and uncertainty".
"""

from __future__ import annotations

from decimal import Decimal

# Gap 10 — components of a GROUP item (bundle): `detailGroup[]` line field names are unverified.
ITEM_DETAIL_GROUP = "detailGroup"
GROUP_COMPONENT_ITEM_NO = "itemNo"
GROUP_COMPONENT_QUANTITY = "quantity"
GROUP_COMPONENT_UNIT = "itemUnitName"

# §4.14 — purchase-invoice lines billing goods already received name the receipt in this field
# (by analogy with sales-invoice lines naming a delivery order; unverified). The sandbox uses the same.
PURCHASE_LINE_RECEIPT = "receiveItemNumber"

# §4.10 — save-target-quantity.do (stock count): lines under `detail[]` with `targetQuantity`.
TARGET_QUANTITY_ACTION = "save-target-quantity"
TARGET_QUANTITY_DETAIL = "detail"
TARGET_QUANTITY_FIELD = "targetQuantity"

# §4.13 — bank-transfer charge lines: list name and `bankChargeType` values are unverified.
BANK_TRANSFER_CHARGES = "detailBankTransfer"
BANK_CHARGE_TYPE = "bankChargeType"

# §4.12 — other-deposit uses the same `expenseName` line field as other-payment (spec quirk).
CASH_LINE_NAME = "expenseName"

# Gap 9 — sales return: `taxDate`/`taxNumber` listed as required; we send them only when known.
# Gap 11 — item transfer: for TRANSFER_OUT `warehouseName` is the source and
# `referenceWarehouseName` the destination; for TRANSFER_IN the reverse.
ITEM_TRANSFER_SOURCE_FIELD_OUT = "warehouseName"
ITEM_TRANSFER_DESTINATION_FIELD_OUT = "referenceWarehouseName"

# Gap 16 — negative `expenseAmount` (rounding down) on invoice expense lines: allowed here.
NEGATIVE_EXPENSE_ALLOWED = True

# Reference §4.6 note — `itemDiscPercent` may be a cascaded string ("10+5"); sent as given.
# §4.8 — sales receipt: we assume `chequeAmount` = sum(paymentAmount) - sum(detailDiscount.amount)
# (`SalesReceipt.settled_amount()` computes it); the model does not enforce it.

# Gap 9 — a taxable sales return gets taxDate = its date and taxNumber = its own number (the
# e-Faktur return number is not known to a POS bridge); non-taxable returns send neither.
RETURN_TAX_FIELDS_WHEN_TAXABLE = True

# §4.11 — a journal line on the receivable account names its customer with `customerNo` and
# `subsidiaryType` "CUSTOMER" (value unverified).
JOURNAL_CUSTOMER_SUBSIDIARY = "CUSTOMER"
# §5.2 — Money and quantities: at most 6 decimal places (official), and "about 999 billion" at most
# (official wording, exact ceiling unverified; beyond it: "Nilai angka terlalu besar"). The mapper
# parks events carrying other amounts; the Accurate sandbox enforces the same ceiling.
NUMBER_DECIMAL_PLACES = 6
LARGEST_NUMBER = Decimal("999999999999")
# §3.2 — `filter.number.op=EQUAL` with several `val[n]` matches any of them (one list.do looks up
# up to 100 documents whose save had an unknown outcome). The poster falls back to detail.do by
# number for a single document.
LIST_EQUAL_MATCHES_ANY_VALUE = True
