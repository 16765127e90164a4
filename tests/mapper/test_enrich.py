"""Enrichment: a POS order becomes a sale fact with Accurate references, or is parked with a reason."""

from decimal import Decimal

from jembatan.contracts.ledger import SaleFact
from jembatan.mapper.domain.enrich import Parked, enrich_sale
from jembatan.mapper.domain.mapping import OutletMapping

ITEMS = {"KOPI-L": "KOPI-L", "ROTI": "ROTI"}


def mapping(snapshot, **kw):
    return OutletMapping(snapshot=snapshot, payment_accounts={"Cash": "1-1110"}, **kw)


def test_a_mapped_order_becomes_a_sale_fact_with_item_numbers_and_payment_accounts(
    make_order, outlet_snapshot
):
    fact = enrich_sale(make_order(), mapping(outlet_snapshot), ITEMS)
    assert isinstance(fact, SaleFact)
    assert [ln.item_no for ln in fact.lines] == ["KOPI-L", "ROTI"]
    assert [(p.account_no, p.amount) for p in fact.payments] == [
        ("1-1110", Decimal(20000)),
        ("1-1150", Decimal(31500)),
    ]
    assert fact.customer_no == "C-WALKIN-HO" and not fact.on_account


def test_an_unmapped_outlet_is_parked(make_order):
    assert enrich_sale(make_order(), None, ITEMS) == Parked("outlet outlet-ho is not mapped")


def test_a_switched_off_outlet_is_parked(make_order, outlet_snapshot):
    result = enrich_sale(make_order(), mapping(outlet_snapshot, enabled=False), ITEMS)
    assert isinstance(result, Parked) and "switched off" in result.reason


def test_a_product_without_sku_is_parked_with_its_name(make_order, outlet_snapshot):
    order = make_order()
    lines = [order.lines[0].model_copy(update={"sku": None}), order.lines[1]]
    result = enrich_sale(order.model_copy(update={"lines": lines}), mapping(outlet_snapshot), ITEMS)
    assert isinstance(result, Parked) and "'Kopi Susu L'" in result.reason and "no SKU" in result.reason


def test_an_unknown_sku_is_parked(make_order, outlet_snapshot):
    result = enrich_sale(make_order(), mapping(outlet_snapshot), {"KOPI-L": "KOPI-L"})
    assert result == Parked("product SKU 'ROTI' is not in the catalogue")


def test_a_payment_type_without_account_is_parked(make_order, outlet_snapshot):
    result = enrich_sale(make_order(), OutletMapping(snapshot=outlet_snapshot), ITEMS)
    assert result == Parked("payment type 'Cash' (cash) has no account")


def test_an_on_account_sale_goes_to_the_member_customer(make_order, outlet_snapshot):
    order = make_order(
        customer={"customer_id": "cust-9", "external_customer_id": "M-009", "name": "Budi"},
        on_account_amount="31500",
    )
    fact = enrich_sale(order, mapping(outlet_snapshot), ITEMS)
    assert isinstance(fact, SaleFact) and fact.on_account and fact.customer_no == "M-009"
