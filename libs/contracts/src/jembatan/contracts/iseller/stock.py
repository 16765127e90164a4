"""[P] Transfers, stock adjustments and stock counts (reference §5.4-§5.6). iSeller publishes no
API or webhook for these; states follow its UI (Pending → In Transfer Process → Completed) and
line outcomes follow "Receive Items" (accepted / cancelled / rejected)."""

from __future__ import annotations

from pydantic import Field

from .base import ZERO, IsellerModel, OptionalAmount, OptionalUtcDateTime, Quantity, UtcDateTime


class TransferParty(IsellerModel):
    outlet_id: str | None = None
    outlet_code: str | None = None
    outlet_name: str | None = None
    supplier: str | None = None


class TransferItem(IsellerModel):
    product_id: str | None = None
    sku: str
    product_name: str = ""
    quantity_sent: Quantity
    quantity_accepted: Quantity = ZERO
    quantity_cancelled: Quantity = ZERO
    quantity_rejected: Quantity = ZERO
    unit_cost: OptionalAmount = None


class Transfer(IsellerModel):
    transfer_id: str
    transfer_reference: str = ""
    type: str = "transfer_out"  # transfer_out | transfer_in (purchase from Accurate)
    status: str  # pending | in_transfer | completed | cancelled
    source: TransferParty
    destination: TransferParty
    created_at: OptionalUtcDateTime = None
    started_at: OptionalUtcDateTime = None
    received_at: OptionalUtcDateTime = None
    lines: list[TransferItem] = Field(default_factory=list)
    notes: str = ""


class AdjustmentItem(IsellerModel):
    product_id: str | None = None
    sku: str
    quantity_delta: Quantity
    unit_cost: OptionalAmount = None
    stock_after: OptionalAmount = None


class StockAdjustment(IsellerModel):
    adjustment_id: str
    adjustment_reference: str = ""
    outlet_id: str
    outlet_code: str | None = None
    adjusted_at: UtcDateTime
    reason: str = "correction"  # damaged | lost | found | correction | consumption
    lines: list[AdjustmentItem] = Field(default_factory=list)
    user_id: str | None = None
    notes: str = ""


class StockCountItem(IsellerModel):
    product_id: str | None = None
    sku: str
    system_quantity: Quantity
    counted_quantity: Quantity
    difference: OptionalAmount = None
    unit_cost: OptionalAmount = None


class StockCount(IsellerModel):
    """A completed stock take (opname)."""

    stock_take_id: str
    reference: str = ""
    status: str = "completed"
    outlet_id: str
    outlet_code: str | None = None
    started_at: OptionalUtcDateTime = None
    completed_at: UtcDateTime
    scope: str = "partial"  # full | partial
    lines: list[StockCountItem] = Field(default_factory=list)
    user_id: str | None = None
