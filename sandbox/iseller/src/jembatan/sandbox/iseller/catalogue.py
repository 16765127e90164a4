"""The store's products: standard, variant, composite, comboset and modifier — including one with
no SKU and two that share a SKU, as real catalogues have."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    product_id: str
    name: str
    type: str  # standard | variant | composite | comboset | modifier
    sku: str  # "" when the merchant left it empty
    price: int
    cost: int
    taxable: bool = True
    track_inventory: bool = True
    sellable: bool = True  # ingredients are stocked but not rung up
    variant_name: str | None = None
    product_header_id: str | None = None
    components: tuple[tuple[str, int], ...] = ()  # (sku, quantity per unit)
    modifiers: tuple[str, ...] = ()  # skus of the modifiers offered with this item

    def relieves(self, quantity: int) -> list[tuple[str, int]]:
        """The (SKU, units) that leave stock when `quantity` of this item is sold."""
        if self.components:
            return [(sku, per_unit * quantity) for sku, per_unit in self.components]
        if self.track_inventory and self.sku:
            return [(self.sku, quantity)]
        return []

    @property
    def restockable(self) -> bool:
        """Goods that go back on the shelf when returned (not a cooked dish or a modifier)."""
        return self.type in ("standard", "variant") and self.track_inventory and bool(self.sku)


@dataclass(frozen=True)
class Catalogue:
    items: tuple[Item, ...]
    by_sku: dict[str, Item] = field(default_factory=dict)

    def sellable(self) -> list[Item]:
        return [i for i in self.items if i.sellable and i.type != "modifier"]

    def modifier(self, sku: str) -> Item:
        return next(i for i in self.items if i.type == "modifier" and i.sku == sku)

    def stocked_skus(self) -> list[str]:
        """SKUs whose stock iSeller tracks (a shared SKU counts once)."""
        return sorted({i.sku for i in self.items if i.track_inventory and i.sku})


def random_id(rng: random.Random) -> str:
    """A GUID like iSeller's, drawn from the day's seeded randomness."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# name, type, sku, price, cost, flags
_PLAIN = [
    ("Espresso Shot (bahan)", "BHN-ESP", 0, 3000, {"sellable": False}),
    ("Susu Segar 200ml (bahan)", "BHN-SUSU", 0, 4000, {"sellable": False}),
    ("Gula Aren 20g (bahan)", "BHN-GULA", 0, 1000, {"sellable": False}),
    ("Nasi Putih (bahan)", "BHN-NASI", 0, 2500, {"sellable": False}),
    ("Telur Ayam (bahan)", "BHN-TELUR", 0, 2000, {"sellable": False}),
    ("Roti Cokelat", "ROTI-CKL", 15000, 7000, {}),
    ("Air Mineral 600ml", "AIR-600", 6000, 2500, {}),
    ("Tumbler Jembatan", "TMB-01", 120000, 65000, {}),
    ("Pisang Goreng", "PSG-01", 10000, 4000, {}),
    ("Pisang Goreng Keju", "PSG-01", 14000, 5500, {}),  # same SKU as above: a data-entry slip
    ("Kue Titipan", "", 12000, 9000, {"track_inventory": False, "taxable": False}),  # no SKU
]


# A merchant who fixed those slips (StoreConfig.clean_catalogue): every product its own SKU.
_CLEANED = {"Pisang Goreng Keju": "PSG-02", "Kue Titipan": "KUE-TTP"}


def build_catalogue(rng: random.Random, clean: bool = False) -> Catalogue:
    """The same catalogue for the same random state; `clean`: without the data-entry slips."""

    def new_id() -> str:
        return random_id(rng)

    items = [
        Item(new_id(), name, "standard", _CLEANED.get(name, sku) if clean else sku, price, cost, **flags)  # type: ignore[arg-type]
        for name, sku, price, cost, flags in _PLAIN
    ]
    for header, variants in (
        ("Kaos Jembatan", [("S", "KAOS-S", 89000), ("M", "KAOS-M", 89000), ("L", "KAOS-L", 95000)]),
        ("Kopi Susu Botol", [("250ml", "KSB-250", 22000), ("1 Liter", "KSB-1L", 75000)]),
    ):
        header_id = new_id()
        for variant, sku, price in variants:
            items.append(
                Item(
                    new_id(),
                    header,
                    "variant",
                    sku,
                    price,
                    price // 2,
                    variant_name=variant,
                    product_header_id=header_id,
                )
            )
    items += [
        Item(
            new_id(),
            "Extra Shot",
            "modifier",
            "MOD-SHOT",
            6000,
            3000,
            track_inventory=False,
            components=(("BHN-ESP", 1),),
        ),
        Item(new_id(), "Oat Milk", "modifier", "MOD-OAT", 8000, 4500, track_inventory=False),
        Item(new_id(), "Less Sugar", "modifier", "", 0, 0, track_inventory=False),
        Item(
            new_id(),
            "Es Kopi Susu Gula Aren",
            "composite",
            "KSGA",
            25000,
            8000,
            track_inventory=False,
            components=(("BHN-ESP", 1), ("BHN-SUSU", 1), ("BHN-GULA", 1)),
            modifiers=("MOD-SHOT", "MOD-OAT", ""),
        ),
        Item(
            new_id(),
            "Nasi Telur",
            "composite",
            "NSTLR",
            18000,
            6500,
            track_inventory=False,
            components=(("BHN-NASI", 1), ("BHN-TELUR", 2)),
        ),
        Item(
            new_id(),
            "Paket Sarapan",
            "comboset",
            "PKT-SRP",
            30000,
            9500,
            track_inventory=False,
            components=(("ROTI-CKL", 1), ("AIR-600", 1)),
        ),
    ]
    return Catalogue(tuple(items), {i.sku: i for i in items if i.sku and i.type != "modifier"})
