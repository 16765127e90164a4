"""The product validation report and the import plan, on the simulator's catalogue (pure)."""

from jembatan.accurate.documents.masters import ItemType
from jembatan.mapper.domain.item_import import batches, import_plan
from jembatan.mapper.domain.products import Verdict, validate_products


def test_the_simulator_catalogue_gives_the_exact_counts(simulator_products):
    report = validate_products(simulator_products, in_accurate=set())
    counts = report.counts()
    assert counts == {
        "to_import": 17, "in_accurate": 0, "no_sku": 1, "duplicate_sku": 2, "invalid_sku": 0,
        "blocked": 0, "as_components": 1, "not_a_product": 1,
    }  # fmt: skip
    assert report.duplicate_skus.keys() == {"PSG-01"} and len(report.duplicate_skus["PSG-01"]) == 2
    assert [v.name for v in report.having(Verdict.NO_SKU)] == ["Kue Titipan"]


def test_products_already_in_accurate_are_not_to_import(simulator_products):
    report = validate_products(simulator_products, in_accurate={"ROTI-CKL", "TMB-01"})
    assert {v.sku for v in report.having(Verdict.IN_ACCURATE)} == {"ROTI-CKL", "TMB-01"}
    assert report.counts()["to_import"] == 15


def test_a_sku_accurate_would_refuse_is_reported_with_the_reason(simulator_products):
    bad = simulator_products[0].model_copy(update={"sku": "KOPI/SUSU*GULA"})
    report = validate_products([bad], in_accurate=set())
    assert report.having(Verdict.INVALID_SKU)[0].reason.endswith("characters Accurate does not allow: *")


def test_a_composite_whose_ingredient_has_no_sku_is_blocked(simulator_products):
    composite = next(p for p in simulator_products if p.sku == "NSTLR")
    ingredient = composite.ingredients[0].model_copy(update={"sku": ""})
    broken = composite.model_copy(update={"ingredients": [ingredient, *composite.ingredients[1:]]})
    verdict = validate_products([broken], in_accurate={"BHN-TELUR"}).verdicts[0]
    assert verdict.verdict is Verdict.BLOCKED and "no SKU" in verdict.reason


def test_the_import_plan_types_items_and_puts_groups_last(simulator_products):
    plan = import_plan(simulator_products, validate_products(simulator_products, set()))
    types = {i.no: i.item_type for i in plan}
    assert types["TMB-01"] == ItemType.INVENTORY and types["MOD-OAT"] == ItemType.NON_INVENTORY
    assert types["KSGA"] == ItemType.GROUP and "PKT-SRP" not in types
    ksga = next(i for i in plan if i.no == "KSGA")
    assert {c.item_no for c in ksga.detail_group or []} == {"BHN-ESP", "BHN-SUSU", "BHN-GULA"}
    assert [i.item_type == ItemType.GROUP for i in plan] == sorted(
        i.item_type == ItemType.GROUP for i in plan
    )
    assert [len(b) for b in batches(plan * 7)] == [100, 19]
