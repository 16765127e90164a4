"""Builders for the mapper's tests: an outlet mapping, a catalogue, a tenant's lookups."""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts.ledger import OutletSnapshot
from jembatan.mapper.adapters.tables import CatalogueItem, OutletMappingRow
from jembatan.mapper.bootstrap import MIGRATIONS
from jembatan.mapper.domain.catalogue import Catalogue, KnownProduct
from jembatan.mapper.domain.lookups import Lookups
from jembatan.mapper.domain.mapping import OutletMapping, TenantSettings
from jembatan.platform.db import Database

ITEMS = {"KOPI-L": "KOPI-L", "ROTI": "ROTI"}


@pytest.fixture
def outlet_mapping(outlet_snapshot: OutletSnapshot) -> Callable[..., OutletMapping]:
    def build(**kw: Any) -> OutletMapping:
        kw.setdefault("payment_accounts", {"Cash": "1-1110"})
        return OutletMapping(snapshot=outlet_snapshot, **kw)

    return build


def known(sku: str, price: int = 0, **kw: Any) -> KnownProduct:
    """A SKU in the catalogue (in Accurate under the same code unless `item_no` says otherwise)."""
    kw.setdefault("item_no", sku)
    return KnownProduct(sku=sku, price=Decimal(price), **kw)


@pytest.fixture
def combo_catalogue() -> Catalogue:
    return Catalogue(
        {
            "KSGA": known("KSGA", 25000, kind="composite"),
            "ROTI-CKL": known("ROTI-CKL", 15000),
            "AIR-600": known("AIR-600", 6000),
            "PKT-SRP": known("PKT-SRP", 30000, item_no=None, kind="comboset",
                             components=(("ROTI-CKL", Decimal(1)), ("AIR-600", Decimal(1)))),
            "MOD-SHOT": known("MOD-SHOT", 6000, kind="modifier"),
        }
    )  # fmt: skip


@pytest.fixture
def shared_roti() -> Catalogue:
    return Catalogue({"KOPI-L": known("KOPI-L"), "ROTI": known("ROTI", products_using_sku=2)})


@pytest.fixture
def roti_not_imported() -> Catalogue:
    return Catalogue({"KOPI-L": known("KOPI-L"), "ROTI": known("ROTI", item_no=None)})


@pytest.fixture
def make_lookups(outlet_mapping: Callable[..., OutletMapping]) -> Callable[..., Lookups]:
    """Lookups with outlet-ho mapped (cash → 1-1110) and KOPI-L, ROTI in Accurate."""

    def build(
        outlets: dict[str, OutletMapping] | None = None,
        catalogue: Catalogue | None = None,
        **kw: Any,
    ) -> Lookups:
        return Lookups(
            outlets={"outlet-ho": outlet_mapping()} if outlets is None else outlets,
            catalogue=catalogue or Catalogue.of_item_numbers(ITEMS),
            tenant=kw.pop("tenant", TenantSettings()),
            **kw,
        )

    return build


@pytest.fixture(scope="session")
def simulator_day() -> Any:
    """The iSeller simulator's demo store day (deterministic: seed 1)."""
    from datetime import date

    from jembatan.sandbox.iseller.config import DEMO
    from jembatan.sandbox.iseller.day import generate_day

    return generate_day(1, date(2026, 11, 25), DEMO)


@pytest.fixture(scope="session")
def simulator_products(simulator_day: Any) -> list[Any]:
    from jembatan.contracts.iseller import Product
    from jembatan.sandbox.iseller import catalogue_views

    return [Product.model_validate(p) for p in catalogue_views.products(simulator_day)]


@pytest.fixture
def seed_mapper(outlet_mapping: Callable[..., OutletMapping]) -> Callable[[Database], Awaitable[None]]:
    """`await seed_mapper(db)`: migrate a mapper database where outlet-ho is mapped (tenant t1) and
    KOPI-L and ROTI are Accurate items."""

    async def seed(db: Database) -> None:
        await db.migrate(MIGRATIONS)
        async with db.session() as session:
            mapping = outlet_mapping().model_dump(mode="json")
            session.add(
                OutletMappingRow(
                    tenant_id="t1", outlet_id="outlet-ho", mapping=mapping, updated_at=datetime.now(UTC)
                )
            )
            for sku, item_no in ITEMS.items():
                session.add(CatalogueItem(tenant_id="t1", sku=sku, item_no=item_no))

    return seed


@pytest.fixture
async def mapper_db(
    postgres_url: str, unique_name: Callable[[str], str], seed_mapper: Callable[[Database], Awaitable[None]]
) -> AsyncIterator[Database]:
    """A mapper database on PostgreSQL, seeded as `seed_mapper` says."""
    db = Database(postgres_url, unique_name("mapper"))
    await seed_mapper(db)
    yield db
    await db.dispose()
