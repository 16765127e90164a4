"""iSeller's stock per warehouse and item, anchored at its latest count and moved by every later fact,
beside Accurate's: only a real difference is a `stock` gap, and facts not posted yet are not one."""

from __future__ import annotations

from decimal import Decimal

from jembatan.contracts.ledger import ItemRef, RefundFact, StockAdjustedFact, StockCountedFact
from jembatan.contracts.pos import (
    AdjustmentLine,
    Component,
    CountLine,
    OrderRefunded,
    ProductKind,
    RefundLine,
    StockAdjusted,
    StockCounted,
)
from jembatan.poster.domain.reconciliation import GapKind, shelf_figures, stock_differences
from window_facts import at, outlet, sale, transfer_out

D = Decimal
HO, KG = outlet(), outlet(outlet_id="outlet-kg", outlet_code="KG", warehouse_name="Gudang KG")
ITEMS = [ItemRef(sku="KOPI", item_no="KOPI"), ItemRef(sku="ROTI", item_no="ROTI")]


def count(hours: float, kopi: str, shop=HO, ref: str = "SC-1") -> StockCountedFact:
    event = StockCounted(stock_count_id=ref.lower(), reference=ref, outlet_id=shop.outlet_id, counted_at=at(hours),
                         lines=[CountLine(sku="KOPI", system_quantity=D(0), counted_quantity=D(kopi))])  # fmt: skip
    return StockCountedFact(count=event, outlet=shop, items=ITEMS)


def adjust(hours: float, delta: str) -> StockAdjustedFact:
    event = StockAdjusted(adjustment_id="adj-1", adjustment_reference="ADJ-1", outlet_id="outlet-ho",
                          adjusted_at=at(hours), lines=[AdjustmentLine(sku="KOPI", quantity_delta=D(delta))])  # fmt: skip
    return StockAdjustedFact(adjustment=event, outlet=HO, items=ITEMS)


def refund_of(order_id: str, hours: float, *, restock: bool) -> RefundFact:
    original = sale(order_id, at(0), HO)
    event = OrderRefunded(refund_id=f"r-{order_id}", order_id=order_id, order_reference=f"#{order_id}",
                          outlet_id="outlet-ho", refunded_at=at(hours), refund_amount=D(31500),
                          lines=[RefundLine(line_id="l1", sku="KOPI", quantity=D(1), amount=D(31500),
                                            restock=restock)])  # fmt: skip
    return RefundFact(refund=event, outlet=HO, customer_no=HO.walk_in_customer_no,
                      lines=[original.lines[0]], payments=[])  # fmt: skip


def test_the_latest_count_plus_later_movements_is_isellers_stock_and_earlier_ones_do_not_count():
    facts = [
        sale("before", at(1), HO),  # before the count: the count already reflects it
        count(2, "40"),
        sale("A", at(3), HO),
        sale("B", at(4), HO),
        adjust(5, "-2"),
        transfer_out("t1", at(6), HO, KG),  # 5 Kopi leave HO
        refund_of("A", 7, restock=True),
        refund_of("B", 7.5, restock=False),  # not back on the shelf
    ]
    figures = shelf_figures((f, True) for f in facts)
    assert set(figures) == {("Gudang HO", "KOPI")}  # Roti never counted; KG never counted
    kopi = figures[("Gudang HO", "KOPI")]
    assert kopi.quantity == D(40 - 1 - 1 - 2 - 5 + 1)
    assert (kopi.counted, kopi.count_reference, kopi.pending) == (D(40), "SC-1", D(0))
    assert stock_differences(figures, {("Gudang HO", "KOPI"): D(32)}) == []


def test_a_later_count_replaces_an_earlier_one():
    figures = shelf_figures(
        (f, True) for f in [count(1, "40"), sale("A", at(2), HO), count(3, "10", ref="SC-2")]
    )
    assert figures[("Gudang HO", "KOPI")].quantity == D(10)


def test_accurate_holding_other_stock_is_a_stock_gap_with_sku_warehouse_both_figures_and_action():
    figures = shelf_figures((f, True) for f in [count(1, "40"), sale("A", at(2), HO)])
    [gap] = stock_differences(figures, {("Gudang HO", "KOPI"): D(36)})
    assert gap.kind is GapKind.STOCK
    assert (gap.sku, gap.item_no, gap.warehouse) == ("KOPI", "KOPI", "Gudang HO")
    assert (gap.iseller, gap.accurate, gap.amount) == (D(39), D(36), D(-3))
    assert set(gap.source_ids) == {"sc-1", "A"} and gap.action.startswith("retry")


def test_movements_not_posted_yet_are_taken_off_before_comparing():
    figures = shelf_figures(
        [(count(1, "40"), True), (sale("A", at(2), HO), True), (sale("B", at(3), HO), False)]
    )
    kopi = figures[("Gudang HO", "KOPI")]
    assert (kopi.quantity, kopi.pending) == (D(38), D(-1))
    assert stock_differences(figures, {("Gudang HO", "KOPI"): D(39)}) == []  # B is still on its way
    [gap] = stock_differences(figures, {("Gudang HO", "KOPI"): D(38)})
    assert gap.amount == D(-1) and "not posted yet" in gap.detail


def test_an_item_accurate_does_not_list_in_the_warehouse_holds_nothing_there():
    [gap] = stock_differences(shelf_figures([(count(1, "4", shop=KG), True)]), {})
    assert (gap.warehouse, gap.accurate, gap.amount) == ("Gudang KG", D(0), D(-4))


def test_a_composite_sold_after_the_count_takes_its_ingredients_off_the_shelf():
    counted = StockCountedFact(
        count=StockCounted(stock_count_id="sc-9", reference="SO-9", outlet_id="outlet-ho", counted_at=at(1),
                           lines=[CountLine(sku="BHN-SUSU", system_quantity=D(0), counted_quantity=D(20))]),
        outlet=HO, items=[ItemRef(sku="BHN-SUSU", item_no="BHN-SUSU")],
    )  # fmt: skip
    latte = sale("L", at(2), HO)
    line = latte.order.lines[0].model_copy(update={
        "kind": ProductKind.COMPOSITE, "quantity": D(2),
        "components": [Component(sku="BHN-SUSU", name="Susu", quantity=D("1.5"))],
    })  # fmt: skip
    latte = latte.model_copy(update={"order": latte.order.model_copy(update={"lines": [line]})})
    figures = shelf_figures([(counted, True), (latte, True)])
    assert figures[("Gudang HO", "BHN-SUSU")].quantity == D(17)
