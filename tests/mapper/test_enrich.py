"""Enrichment: a POS order becomes a sale fact with Accurate references, or is parked with a reason."""

from decimal import Decimal

from jembatan.contracts.ledger import SaleFact
from jembatan.mapper.domain.catalogue import Catalogue
from jembatan.mapper.domain.enrich import Parked, enrich_sale


def test_a_mapped_order_becomes_a_sale_fact_with_item_numbers_and_payment_accounts(make_order, make_lookups):
    fact = enrich_sale(make_order(), make_lookups())
    assert isinstance(fact, SaleFact)
    assert [ln.item_no for ln in fact.lines] == ["KOPI-L", "ROTI"]
    assert [(p.account_no, p.amount) for p in fact.payments] == [
        ("1-1110", Decimal(20000)),
        ("1-1150", Decimal(31500)),
    ]
    assert fact.customer_no == "C-WALKIN-HO" and not fact.on_account


def test_the_fact_carries_the_outlets_mapping_at_that_moment(make_order, make_lookups):
    fact = enrich_sale(make_order(), make_lookups())
    assert isinstance(fact, SaleFact)
    assert fact.outlet.branch_name == "Kantor Pusat" and fact.outlet.warehouse_name == "Gudang HO"


def test_an_unmapped_outlet_is_parked(make_order, make_lookups):
    assert enrich_sale(make_order(), make_lookups(outlets={})) == Parked("outlet outlet-ho is not mapped")


def test_a_switched_off_outlet_is_parked(make_order, make_lookups, outlet_mapping):
    lookups = make_lookups(outlets={"outlet-ho": outlet_mapping(enabled=False)})
    result = enrich_sale(make_order(), lookups)
    assert isinstance(result, Parked) and "switched off" in result.reason


def test_a_switched_off_channel_is_parked(make_order, make_lookups, outlet_mapping):
    lookups = make_lookups(outlets={"outlet-ho": outlet_mapping(channels_off=["marketplace"])})
    result = enrich_sale(make_order(channel="marketplace"), lookups)
    assert result == Parked("channel marketplace of outlet outlet-ho is switched off for integration")


def test_a_product_without_sku_is_parked_with_its_name(make_order, make_lookups):
    order = make_order()
    lines = [order.lines[0].model_copy(update={"sku": None}), order.lines[1]]
    result = enrich_sale(order.model_copy(update={"lines": lines}), make_lookups())
    assert isinstance(result, Parked) and "'Kopi Susu L'" in result.reason and "no SKU" in result.reason


def test_an_unknown_sku_is_parked(make_order, make_lookups):
    result = enrich_sale(
        make_order(), make_lookups(catalogue=Catalogue.of_item_numbers({"KOPI-L": "KOPI-L"}))
    )
    assert result == Parked("product SKU 'ROTI' is not in the catalogue")


def test_a_sku_shared_by_two_products_is_parked(make_order, make_lookups, shared_roti):
    result = enrich_sale(make_order(), make_lookups(catalogue=shared_roti))
    assert isinstance(result, Parked) and "'ROTI' is used by 2 products" in result.reason


def test_a_product_not_yet_imported_is_parked(make_order, make_lookups, roti_not_imported):
    result = enrich_sale(make_order(), make_lookups(catalogue=roti_not_imported))
    assert result == Parked("product SKU 'ROTI' is not in Accurate yet; import the products")


def test_a_sku_accurate_would_refuse_is_parked(make_order, make_lookups):
    order = make_order()
    lines = [order.lines[0].model_copy(update={"sku": "X" * 31}), order.lines[1]]
    result = enrich_sale(order.model_copy(update={"lines": lines}), make_lookups())
    assert isinstance(result, Parked) and "longer than 30 characters" in result.reason


def test_a_payment_type_without_account_is_parked(make_order, make_lookups, outlet_mapping):
    lookups = make_lookups(outlets={"outlet-ho": outlet_mapping(payment_accounts={})})
    assert enrich_sale(make_order(), lookups) == Parked("payment type 'Cash' (cash) has no account")


def test_a_custom_payment_type_uses_its_own_account(make_order, make_lookups, outlet_mapping):
    pay = {"transaction_id": "t1", "gateway": "custom", "payment_type_name": "OttoPay", "amount": "51500"}
    lookups = make_lookups(outlets={"outlet-ho": outlet_mapping(payment_accounts={"OttoPay": "1-1130"})})
    fact = enrich_sale(make_order(payments=[pay]), lookups)
    assert isinstance(fact, SaleFact) and fact.payments[0].account_no == "1-1130"


def test_an_on_account_sale_goes_to_the_member_customer(make_order, make_lookups):
    order = make_order(
        customer={"customer_id": "cust-9", "external_customer_id": "M-009", "name": "Budi"},
        on_account_amount="31500",
    )
    fact = enrich_sale(order, make_lookups())
    assert isinstance(fact, SaleFact) and fact.on_account and fact.customer_no == "M-009"
