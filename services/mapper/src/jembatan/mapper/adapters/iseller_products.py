"""Pulling the catalogue from iSeller's GetProducts (every call a POST; `status: false` is an error)."""

from __future__ import annotations

import httpx
from jembatan.contracts.iseller import Product, ProductsPage
from pydantic import ValidationError

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
            body = await _page(client, base_url, access_token, page)
            if not body.status:
                raise PullFailed(f"GetProducts failed: {body.error_message or 'no reason given'}")
            products += body.products
            if not body.has_next_item or not body.products:
                return products
            page += 1
    finally:
        if http is None:
            await client.aclose()


async def _page(client: httpx.AsyncClient, base_url: str, access_token: str, page: int) -> ProductsPage:
    """One GetProducts page; anything but a readable answer is a PullFailed saying what happened."""
    try:
        response = await client.post(
            f"{base_url.rstrip('/')}/api/v2/GetProducts",
            json={"page": page, "page_size": PAGE_SIZE, "includes": "Bundles"},
            headers={"Authorization": f"Bearer {access_token}"},
        )
    except (httpx.HTTPError, UnicodeError) as exc:
        raise PullFailed(f"GetProducts could not be reached: {type(exc).__name__}") from None
    try:
        return ProductsPage.model_validate(response.json())
    except (ValueError, ValidationError):
        raise PullFailed(
            f"GetProducts answered HTTP {response.status_code} without a products page"
        ) from None
