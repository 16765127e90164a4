"""The store as GetProducts, GetStoreInfo and GetOutlets show it. Pure."""

from __future__ import annotations

from typing import Any

from .arithmetic import money
from .day import StoreDay
from .pull_queries import envelope, page_of
from .store import PAYMENT_TYPES


def _outlet(day: StoreDay, outlet_id: str) -> dict[str, Any]:
    outlet = next(o for o in day.outlets if o.outlet_id == outlet_id)
    return {
        "outlet_id": outlet.outlet_id,
        "outlet_code": outlet.outlet_code,
        "outlet_name": outlet.outlet_name,
    }


def products(day: StoreDay) -> list[dict[str, Any]]:
    """Every product with its closing stock per outlet (shared SKUs show the same units)."""
    out = []
    for item in day.catalogue.items:
        parts = [
            {
                "product_id": day.catalogue.by_sku[sku].product_id,
                "sku": sku,
                "name": day.catalogue.by_sku[sku].name,
                "quantity": n,
            }
            for sku, n in item.components
        ]
        out.append(
            {
                "product_id": item.product_id,
                "product_header_id": item.product_header_id or item.product_id,
                "name": item.name,
                "type": item.type,
                "sku": item.sku,
                "price": money(item.price),
                "taxable": item.taxable,
                "track_inventory": item.track_inventory,
                "allow_negative_stock": True,
                "buying_price": money(item.cost),
                "is_active": True,
                "variant_options": [{"option": "Ukuran", "value": item.variant_name}]
                if item.variant_name
                else [],
                "inventories": [
                    {**_outlet(day, oid), "unit_in_stock": units[item.sku]}
                    for oid, units in day.stock.items()
                    if item.track_inventory and item.sku in units
                ],
                "ingredients": parts if item.type in ("composite", "modifier") else [],
                "bundles": [
                    {
                        "product_id": p["product_id"],
                        "sku": p["sku"],
                        "product_name": p["name"],
                        "quantity": p["quantity"],
                        "category": "Paket",
                    }
                    for p in parts
                ]
                if item.type == "comboset"
                else [],
            }
        )
    return out


def get_products(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v2/GetProducts."""
    page, more = page_of(products(day), params)
    return envelope(count=len(page), has_next_item=more, products=page)


def get_store_info(day: StoreDay, resource_url: str) -> dict[str, Any]:
    """POST /api/v2/GetStoreInfo."""
    return envelope(
        store_info={
            "store_name": day.config.store_name,
            "resource_url": resource_url,
            "currency": "IDR",
            "active_outlets": [_outlet(day, o.outlet_id) for o in day.outlets],
            "active_payments": [
                {"name": p.name, "is_active": True, "gateway": p.gateway} for p in PAYMENT_TYPES
            ],
        }
    )


def get_outlets(day: StoreDay, params: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v3/GetOutlets — answered with `Outlets` in PascalCase, as the live API does."""
    rows = [{**_outlet(day, o.outlet_id), "time_zone": 7} for o in day.outlets]
    page, more = page_of(rows, params)
    return envelope(count=len(page), has_next_item=more, Outlets=page)
