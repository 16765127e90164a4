"""Composites, combosets and modifiers in a sale, and refunds (ACCOUNTING.md §2)."""

from decimal import Decimal

from jembatan.contracts.ledger import RefundFact, SaleFact
from jembatan.contracts.pos import OrderRefunded
from jembatan.mapper.domain.enrich import Parked, enrich_refund, enrich_sale


def line(line_id, sku, kind, quantity, price, **kw):
    return {"line_id": line_id, "product_id": f"p-{line_id}", "sku": sku, "name": sku or "Less Sugar",
            "kind": kind, "quantity": str(quantity), "unit_price": str(price), **kw}  # fmt: skip


def net(fact_lines):
    return sum(ln.quantity * ln.unit_price - ln.discount_amount for ln in fact_lines)


def test_a_composite_posts_as_its_group_item(make_order, make_lookups, combo_catalogue):
    comps = [{"sku": "BHN-ESP", "quantity": "1"}, {"sku": "BHN-SUSU", "quantity": "1"}]
    order = make_order(lines=[line("l1", "KSGA", "composite", 2, 25000, components=comps)])
    fact = enrich_sale(order, make_lookups(catalogue=combo_catalogue))
    assert isinstance(fact, SaleFact)
    assert [(ln.item_no, ln.quantity) for ln in fact.lines] == [("KSGA", Decimal(2))]


def test_a_comboset_posts_as_its_components_and_adds_up_to_the_rupiah(
    make_order, make_lookups, combo_catalogue
):
    comps = [{"sku": "ROTI-CKL", "quantity": "1"}, {"sku": "AIR-600", "quantity": "1"}]
    order = make_order(
        lines=[line("l1", "PKT-SRP", "comboset", 3, 30000, components=comps, discount_amount="1001")]
    )
    fact = enrich_sale(order, make_lookups(catalogue=combo_catalogue))
    assert isinstance(fact, SaleFact)
    assert [(ln.item_no, ln.quantity) for ln in fact.lines] == [("ROTI-CKL", 3), ("AIR-600", 3)]
    assert net(fact.lines) == 3 * 30000 - 1001
    assert fact.lines[0].unit_price > fact.lines[1].unit_price  # split by list price 15,000 : 6,000


def test_a_comboset_with_uneven_component_quantities_still_adds_up(make_order, make_lookups, combo_catalogue):
    comps = [{"sku": "ROTI-CKL", "quantity": "3"}, {"sku": "AIR-600", "quantity": "7"}]
    order = make_order(lines=[line("l1", "PKT-SRP", "comboset", 2, 30001, components=comps)])
    fact = enrich_sale(order, make_lookups(catalogue=combo_catalogue))
    assert isinstance(fact, SaleFact) and net(fact.lines) == 2 * 30001
    assert all(ln.unit_price == ln.unit_price.to_integral_value() for ln in fact.lines)


def test_a_comboset_component_missing_from_accurate_parks_the_sale(make_order, make_lookups, combo_catalogue):
    comps = [{"sku": "ROTI-CKL", "quantity": "1"}, {"sku": "NOPE", "quantity": "1"}]
    order = make_order(lines=[line("l1", "PKT-SRP", "comboset", 1, 30000, components=comps)])
    result = enrich_sale(order, make_lookups(catalogue=combo_catalogue))
    assert result == Parked("product SKU 'NOPE' is not in the catalogue")


def test_a_priced_modifier_posts_and_a_free_one_is_left_out(make_order, make_lookups, combo_catalogue):
    lines = [
        line("l1", "KSGA", "composite", 1, 25000),
        line("l2", "MOD-SHOT", "modifier", 1, 6000, parent_line_id="l1"),
        line("l3", None, "modifier", 1, 0, parent_line_id="l1"),
    ]
    fact = enrich_sale(make_order(lines=lines), make_lookups(catalogue=combo_catalogue))
    assert isinstance(fact, SaleFact) and [ln.item_no for ln in fact.lines] == ["KSGA", "MOD-SHOT"]


def refund(**kw):
    payload = {
        "refund_id": "rf-1", "order_id": "ord-1", "order_reference": "#HO-1001", "outlet_id": "outlet-ho",
        "refunded_at": "2026-11-25T05:00:00Z",
        "lines": [{"line_id": "l2", "sku": "ROTI", "quantity": "3", "amount": "20000", "discount_amount": "1000"}],
        "refund_amount": "20000",
        "payments": [{"transaction_id": "t9", "gateway": "cash", "payment_type_name": "Cash", "amount": "20000"}],
    }  # fmt: skip
    return OrderRefunded.model_validate(payload | kw)


def test_a_refund_becomes_a_refund_fact_whose_lines_keep_the_refunded_amount(make_lookups):
    fact = enrich_refund(refund(), make_lookups())
    assert isinstance(fact, RefundFact) and fact.customer_no == "C-WALKIN-HO"
    assert [(ln.item_no, ln.quantity) for ln in fact.lines] == [("ROTI", 3)]
    assert net(fact.lines) == Decimal(20000) and fact.payments[0].account_no == "1-1110"


def test_a_refunded_comboset_returns_its_components(make_lookups, combo_catalogue):
    lines = [{"line_id": "l1", "sku": "PKT-SRP", "quantity": "1", "amount": "30000"}]
    fact = enrich_refund(refund(lines=lines, refund_amount="30000"), make_lookups(catalogue=combo_catalogue))
    assert isinstance(fact, RefundFact) and [ln.item_no for ln in fact.lines] == ["ROTI-CKL", "AIR-600"]
    assert net(fact.lines) == Decimal(30000)


def test_a_refund_without_money_back_to_a_member_reduces_their_debt(make_lookups):
    fact = enrich_refund(refund(payments=[], customer={"customer_id": "c-7"}), make_lookups())
    assert isinstance(fact, RefundFact) and fact.customer_no == "IS-c-7"


def test_a_refund_paid_back_in_an_unmapped_type_is_parked(make_lookups):
    pay = [{"transaction_id": "t9", "gateway": "custom", "payment_type_name": "Voucher", "amount": "20000"}]
    assert enrich_refund(refund(payments=pay), make_lookups()) == Parked(
        "payment type 'Voucher' (custom) has no account"
    )
