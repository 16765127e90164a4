"""Master data Jembatan creates: items (incl. GROUP bundles) and customers."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from jembatan.accurate.documents import assumptions as guess
from jembatan.accurate.documents.base import AccurateDate, AccurateDocument, AccurateModel, Money
from pydantic import Field, model_validator


class ItemType(StrEnum):
    """``itemType``."""

    INVENTORY = "INVENTORY"
    NON_INVENTORY = "NON_INVENTORY"
    SERVICE = "SERVICE"
    GROUP = "GROUP"
    PRODUCTION_COST = "PRODUCTION_COST"


class GroupComponent(AccurateModel):
    """One component of a GROUP item (field names unverified, see ``assumptions.py``)."""

    item_no: str = Field(alias=guess.GROUP_COMPONENT_ITEM_NO)
    quantity: Money = Field(alias=guess.GROUP_COMPONENT_QUANTITY, gt=0)
    item_unit_name: str | None = Field(default=None, alias=guess.GROUP_COMPONENT_UNIT)


class Item(AccurateDocument):
    """``item/save.do``; ``no`` is the iSeller SKU (≤ 30 characters)."""

    MODULE: ClassVar[str] = "item"

    no: str | None = Field(default=None, max_length=30)
    name: str
    item_type: ItemType = ItemType.INVENTORY
    unit1_name: str | None = None
    item_category_name: str | None = None
    unit_price: Money | None = None
    upc_no: str | None = None
    notes: str | None = None
    tax1_name: str | None = None
    inventory_gl_account_no: str | None = None
    sales_gl_account_no: str | None = None
    cogs_gl_account_no: str | None = None
    calculate_group_price: bool | None = None
    detail_group: list[GroupComponent] | None = Field(default=None, alias=guess.ITEM_DETAIL_GROUP)

    @model_validator(mode="after")
    def _components_only_for_groups(self) -> Item:
        if self.item_type == ItemType.GROUP and not self.detail_group:
            raise ValueError("a GROUP item needs at least one component in detail_group")
        if self.item_type != ItemType.GROUP and self.detail_group:
            raise ValueError("only GROUP items have components")
        return self


class Customer(AccurateDocument):
    """``customer/save.do``; a blank ``customer_no`` lets Accurate number it."""

    MODULE: ClassVar[str] = "customer"

    name: str
    customer_no: str | None = None
    trans_date: AccurateDate | None = None
    category_name: str | None = None
    branch_name: str | None = None
    currency_code: str | None = None
    email: str | None = None
    mobile_phone: str | None = None
    work_phone: str | None = None
    bill_street: str | None = None
    bill_city: str | None = None
    bill_province: str | None = None
    bill_country: str | None = None
    bill_zip_code: str | None = None
    npwp_no: str | None = None
    term_name: str | None = None
    notes: str | None = None
