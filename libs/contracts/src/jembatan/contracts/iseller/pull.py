"""The pull API (reference §2.2-§2.5): OAuth token, the response envelope and the list endpoints.

Every call is a POST; an HTTP 200 with `status: false` is an error (`error_message`). Lists page
with `page` / `page_size` and say `has_next_item` while more remain. GetOrders items are the same
`Order` model as the Order webhook.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import ZERO, Amount, Flag, IsellerModel, OptionalAmount, OptionalUtcDateTime, Quantity
from .orders import Order


class TokenResponse(IsellerModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = 1209599
    refresh_token: str | None = None
    resource_url: str  # https://{storename}.isellershop.com — the base of every API call


class ApiResponse(IsellerModel):
    """The envelope of every API answer."""

    status: Flag = False
    error_message: str | None = None
    error_detail: Any = None
    time: Any = None
    count: int | None = None
    has_next_item: Flag = False


class OrdersPage(ApiResponse):
    orders: list[Order] = Field(default_factory=list)


class OutletPrice(IsellerModel):
    outlet_id: str
    outlet_name: str | None = None
    price: Amount = ZERO


class Inventory(IsellerModel):
    outlet_id: str
    outlet_code: str | None = None
    outlet_name: str | None = None
    unit_in_stock: Quantity = ZERO


class Ingredient(IsellerModel):
    product_id: str | None = None
    name: str = ""
    sku: str | None = None
    quantity: Quantity = ZERO


class Bundle(IsellerModel):
    product_id: str | None = None
    sku: str | None = None
    category: str | None = None
    product_name: str = ""
    variant_name: str | None = None
    quantity: Quantity = ZERO


class Product(IsellerModel):
    """GetProducts `StoreProduct`."""

    product_id: str
    product_header_id: str | None = None
    name: str = ""
    type: str = "standard"  # standard | variant | composite | comboset | modifier
    product_type: str | None = None
    sku: str | None = None
    barcode: str | None = None
    price: Amount = ZERO
    outlet_prices: list[OutletPrice] = Field(default_factory=list)
    taxable: Flag = True
    track_inventory: Flag = False
    allow_negative_stock: Flag = False
    unit_of_measurement: str | None = None
    buying_price: OptionalAmount = None
    inventories: list[Inventory] = Field(default_factory=list)
    ingredients: list[Ingredient] = Field(default_factory=list)
    bundles: list[Bundle] = Field(default_factory=list)
    variant_options: list[dict[str, Any]] = Field(default_factory=list)
    is_active: Flag = True
    modified_date: OptionalUtcDateTime = None


class ProductsPage(ApiResponse):
    products: list[Product] = Field(default_factory=list)


class Outlet(IsellerModel):
    outlet_id: str
    outlet_code: str | None = None
    outlet_name: str = ""
    time_zone: int | None = None


class ActivePayment(IsellerModel):
    name: str
    is_active: Flag = True
    gateway: str = ""


class StoreInfo(IsellerModel):
    store_name: str = ""
    resource_url: str | None = None
    currency: str = "IDR"
    active_outlets: list[Outlet] = Field(default_factory=list)
    active_payments: list[ActivePayment] = Field(default_factory=list)


class StoreInfoResponse(ApiResponse):
    store_info: StoreInfo | None = None


class RegisterShiftSummary(IsellerModel):
    """GetRegisterShifts returns only these five fields."""

    register_name: str = ""
    register_id: str
    register_shift_id: str
    open_date: OptionalUtcDateTime = None
    closed_date: OptionalUtcDateTime = None


class RegisterShiftsPage(ApiResponse):
    register_shifts: list[RegisterShiftSummary] = Field(default_factory=list)


class OutletsPage(ApiResponse):
    """GetOutlets (ERP API v3); the live API answers `Outlets` in PascalCase."""

    outlets: list[Outlet] = Field(default_factory=list)
