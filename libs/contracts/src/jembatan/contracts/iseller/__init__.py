"""iSeller's inbound contract: payload models, the webhook signature and the canonical mapping.

Field names are iSeller's own (GetOrders vocabulary). What iSeller does not publish (refund,
shift close, transfers, stock, payouts, settlements) follows the [P] proposals of
`reference/iseller.md` §5. Parsing is tolerant: key casing, decimal strings, extra fields kept.
"""

from .base import IsellerModel, parse_utc, to_decimal
from .money_movements import CustomerPayment, Member, Payout
from .orders import Order, OrderDetail, Transaction
from .pull import (
    ApiResponse,
    OrdersPage,
    OutletsPage,
    Product,
    ProductsPage,
    RegisterShiftsPage,
    StoreInfoResponse,
    TokenResponse,
)
from .refund import Refund
from .shift import RegisterShift
from .stock import StockAdjustment, StockCount, Transfer
from .webhooks import PAYLOAD_MODELS, WEBHOOK_KINDS, PayloadError, dedupe_key, parse, to_canonical

__all__ = [
    "PAYLOAD_MODELS",
    "WEBHOOK_KINDS",
    "ApiResponse",
    "CustomerPayment",
    "IsellerModel",
    "Member",
    "Order",
    "OrderDetail",
    "OrdersPage",
    "OutletsPage",
    "PayloadError",
    "Payout",
    "Product",
    "ProductsPage",
    "Refund",
    "RegisterShift",
    "RegisterShiftsPage",
    "StockAdjustment",
    "StockCount",
    "StoreInfoResponse",
    "TokenResponse",
    "Transaction",
    "Transfer",
    "dedupe_key",
    "parse",
    "parse_utc",
    "to_canonical",
    "to_decimal",
]
