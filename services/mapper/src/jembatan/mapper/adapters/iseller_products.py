"""Pulling the catalogue from iSeller's GetProducts (every call a POST; `status: false` is an error)."""

from __future__ import annotations

import httpx
from jembatan.contracts.iseller import Product, ProductsPage

PAGE_SIZE = 100


class PullFailed(RuntimeError):
    pass


async def pull_products(
    base_url: str, access_token: str, http: httpx.AsyncClient | None = None
) -> list[Product]:
    """Every product of the store, page after page while `has_next_item`."""
    client = http or httpx.AsyncClient(timeout=30)
    products: list[Product] = []
    try:
        page = 1
        while True:
            response = await client.post(
                f"{base_url.rstrip('/')}/api/v2/GetProducts",
                json={"page": page, "page_size": PAGE_SIZE, "includes": "Bundles"},
                headers={"Authorization": f"Bearer {access_token}"},
            )
            body = ProductsPage.model_validate(response.json())
            if not body.status:
                raise PullFailed(f"GetProducts failed: {body.error_message or response.status_code}")
            products += body.products
            if not body.has_next_item or not body.products:
                return products
            page += 1
    finally:
        if http is None:
            await client.aclose()
