"""Stock documents: item transfer, item adjustment, and the stock-count (target quantity) form."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from jembatan.accurate.documents import assumptions as guess
from jembatan.accurate.documents.base import (
    AccurateDate,
    AccurateDocument,
    AccurateModel,
    DetailLine,
    Money,
    Transaction,
)
from pydantic import Field, model_validator


class ItemTransferType(StrEnum):
    """``itemTransferType``."""

    TRANSFER_OUT = "TRANSFER_OUT"
    TRANSFER_IN = "TRANSFER_IN"


class TransferLine(DetailLine):
    """``detailItem[]`` of an item transfer."""

    item_no: str
    quantity: Money
    item_unit_name: str | None = None
    detail_name: str | None = None
    detail_notes: str | None = None


class ItemTransfer(Transaction):
    """``item-transfer/save.do``.

    For TRANSFER_OUT ``warehouse_name`` is the source and ``reference_warehouse_name`` the
    destination; for TRANSFER_IN the reverse (``assumptions.py``, unverified).
    """

    MODULE: ClassVar[str] = "item-transfer"

    item_transfer_type: ItemTransferType
    warehouse_name: str
    reference_warehouse_name: str | None = None
    from_item_transfer_no: str | None = None
    detail_item: list[TransferLine] = Field(min_length=1)


class AdjustmentType(StrEnum):
    """``itemAdjustmentType`` of an adjustment line."""

    ADJUSTMENT_IN = "ADJUSTMENT_IN"
    ADJUSTMENT_OUT = "ADJUSTMENT_OUT"


class AdjustmentLine(DetailLine):
    """``detailItem[]`` of an item adjustment (``unit_cost`` is needed for IN lines)."""

    item_no: str
    quantity: Money
    item_adjustment_type: AdjustmentType
    unit_cost: Money | None = None
    item_unit_name: str | None = None
    warehouse_name: str | None = None
    detail_notes: str | None = None


class ItemAdjustment(Transaction):
    """``item-adjustment/save.do`` — stock in/out against an adjustment GL account."""

    MODULE: ClassVar[str] = "item-adjustment"

    adjustment_account_no: str
    detail_item: list[AdjustmentLine] = Field(min_length=1)


class TargetQuantityLine(AccurateModel):
    """One counted item for ``save-target-quantity.do``."""

    item_no: str
    target_quantity: Money = Field(alias=guess.TARGET_QUANTITY_FIELD)
    warehouse_name: str
    unit_cost: Money | None = None

    @model_validator(mode="after")
    def _not_negative(self) -> TargetQuantityLine:
        if self.target_quantity < Decimal(0):
            raise ValueError("a counted quantity cannot be negative")
        return self


class TargetQuantityAdjustment(AccurateDocument):
    """``item-adjustment/save-target-quantity.do`` — set counted quantities instead of deltas."""

    MODULE: ClassVar[str] = "item-adjustment"
    SAVE_ACTION: ClassVar[str] = guess.TARGET_QUANTITY_ACTION

    trans_date: AccurateDate
    adjustment_account_no: str
    branch_name: str | None = None
    description: str | None = None
    number: str | None = None
    detail: list[TargetQuantityLine] = Field(min_length=1, alias=guess.TARGET_QUANTITY_DETAIL)
