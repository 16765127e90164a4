"""PPN in the mapping: refused at save time unless Accurate has a usable tax code; taxable products
carry that code when they are imported (pure)."""

from decimal import Decimal

from jembatan.contracts.ledger import TaxSettings
from jembatan.mapper.domain.item_import import import_plan, ppn_tax_code
from jembatan.mapper.domain.mapping_check import Account, MasterData, TaxCode, mapping_problems
from jembatan.mapper.domain.products import validate_products

from .test_mapping_check import MASTER

WITH_TAXES = MasterData(
    accounts={**MASTER.accounts, "2-1100": Account("2-1100", "PPN Keluaran", "OTHER_CURRENT_LIABILITY")},
    branches=MASTER.branches, warehouses=MASTER.warehouses,
    taxes={"PPN": TaxCode("PPN", "PPN", Decimal(11), "2-1100"), "PPN 12%": TaxCode("PPN 12%", "PPN", Decimal(12)),
           "PPh 23": TaxCode("PPh 23", "PPH23", Decimal(2))},
)  # fmt: skip


def charging(outlet_mapping, tax_code=None, output_tax="2-1100", **tax):
    mapping = outlet_mapping()
    snapshot = mapping.snapshot.model_copy(update={
        "tax": TaxSettings(charges_ppn=True, tax_code=tax_code, **tax), "output_tax_account": output_tax})  # fmt: skip
    return mapping.model_copy(update={"snapshot": snapshot})


def test_ppn_with_a_ppn_tax_code_accurate_has_is_accepted(outlet_mapping):
    assert mapping_problems(charging(outlet_mapping, "PPN"), WITH_TAXES) == []


def test_ppn_without_a_tax_code_is_refused_with_a_reason(outlet_mapping):
    assert mapping_problems(charging(outlet_mapping), WITH_TAXES) == [
        "outlet HO charges PPN but has no tax code: choose the Accurate tax code its taxable items carry"]  # fmt: skip


def test_a_tax_code_accurate_does_not_have_is_refused_naming_those_it_has(outlet_mapping):
    assert mapping_problems(charging(outlet_mapping, "VAT"), WITH_TAXES) == [
        "outlet HO charges PPN with tax code 'VAT', which does not exist in Accurate (PPN codes there: PPN, PPN 12%)"]  # fmt: skip


def test_a_tax_code_that_is_not_ppn_is_refused(outlet_mapping):
    assert mapping_problems(charging(outlet_mapping, "PPh 23"), WITH_TAXES) == [
        "tax code 'PPh 23' is a PPH23 tax in Accurate, not PPN"]  # fmt: skip


def test_a_rate_that_differs_from_accurates_is_refused(outlet_mapping):
    assert mapping_problems(charging(outlet_mapping, "PPN 12%"), WITH_TAXES) == [
        "tax code 'PPN 12%' is 12 % in Accurate but the mapping says 11 %; the invoices would not match the till"]


def test_ppn_needs_the_output_tax_account_for_the_service_charges_ppn(outlet_mapping):
    problems = mapping_problems(charging(outlet_mapping, "PPN", output_tax=None), WITH_TAXES)
    assert problems == ["outlet HO charges PPN: choose its output tax (PPN) account, for the PPN on service "
                        "charges and the till's rounding of PPN"]  # fmt: skip


def with_sales_account(mapping, account):
    snapshot = mapping.snapshot.model_copy(update={"sales_account": account})
    return mapping.model_copy(update={"snapshot": snapshot})


def test_ppn_inside_prices_needs_the_sales_account_where_accurates_ppn_rounding_goes_back(outlet_mapping):
    # Accurate splits a window's PPN out of tax-inclusive prices once; the till did it per order.
    # The rupiah between the two go back into revenue on the outlet's sales account.
    inside = charging(outlet_mapping, "PPN", prices_include_tax=True)
    assert mapping_problems(inside, WITH_TAXES) == [
        "outlet HO charges PPN inside its prices: choose its sales account, where the rupiah by which "
        "Accurate's PPN differs from the till's goes back into revenue"]  # fmt: skip
    assert mapping_problems(with_sales_account(inside, "4-1000"), WITH_TAXES) == []
    assert mapping_problems(with_sales_account(inside, "2-1100"), WITH_TAXES) == [
        "sales account 2-1100 (PPN Keluaran) is a other current liability account; "
        "it must be a other income or revenue account"]  # fmt: skip


def test_taxable_products_are_imported_with_the_ppn_tax_code(simulator_products, outlet_mapping):
    code = ppn_tax_code([outlet_mapping(), charging(outlet_mapping, "PPN")])
    plan = import_plan(simulator_products, validate_products(simulator_products, set()), tax_code=code)
    taxable = {p.sku for p in simulator_products if p.taxable}
    assert code == "PPN"
    assert {i.no for i in plan if i.tax1_name == "PPN"} == {i.no for i in plan if i.no in taxable}
    assert all(i.tax1_name is None for i in plan if i.no not in taxable)


def test_without_an_outlet_charging_ppn_items_get_no_tax_code(simulator_products, outlet_mapping):
    plan = import_plan(simulator_products, validate_products(simulator_products, set()),
                       tax_code=ppn_tax_code([outlet_mapping()]))  # fmt: skip
    assert all(i.tax1_name is None for i in plan)
