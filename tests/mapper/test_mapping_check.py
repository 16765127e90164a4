"""Checking a mapping against Accurate's accounts, branches and warehouses (pure)."""

from jembatan.mapper.domain.mapping_check import Account, MasterData, mapping_problems

MASTER = MasterData(
    accounts={a.no: a for a in [
        Account("1-1000", "Kas dan Bank", "CASH_BANK", leaf=False), Account("1-1110", "Kas Outlet", "CASH_BANK"),
        Account("1-1150", "Kliring iSeller Pay", "CASH_BANK"), Account("1-1120", "Bank BCA", "CASH_BANK"),
        Account("6-1100", "Beban MDR", "EXPENSE"), Account("6-1110", "Beban Bank", "EXPENSE"),
        Account("4-2000", "Service Charge", "REVENUE"), Account("4-2100", "Ongkir", "REVENUE"),
        Account("7-1000", "Pembulatan", "OTHER_INCOME"), Account("4-1000", "Penjualan", "REVENUE"),
    ]},
    branches=frozenset({"Kantor Pusat"}), warehouses=frozenset({"Gudang HO"}),
)  # fmt: skip


def test_a_mapping_naming_what_accurate_has_passes(outlet_mapping):
    assert mapping_problems(outlet_mapping(), MASTER) == []


def test_a_revenue_account_as_payment_account_is_refused(outlet_mapping):
    problems = mapping_problems(outlet_mapping(payment_accounts={"Cash": "4-1000"}), MASTER)
    assert problems == [
        "payment type 'Cash' account 4-1000 (Penjualan) is a revenue account; it must be a cash/bank account"
    ]


def test_a_header_account_is_refused(outlet_mapping):
    problems = mapping_problems(outlet_mapping(payment_accounts={"Cash": "1-1000"}), MASTER)
    assert problems == [
        "payment type 'Cash' account 1-1000 (Kas dan Bank) is a header account; choose one of its detail accounts"
    ]


def test_a_missing_account_branch_and_warehouse_are_each_named(outlet_mapping):
    mapping = outlet_mapping(payment_accounts={"Cash": "9-9999"})
    master = MasterData(accounts=MASTER.accounts)
    assert mapping_problems(mapping, master) == [
        "branch 'Kantor Pusat' does not exist in Accurate",
        "warehouse 'Gudang HO' does not exist in Accurate",
        "payment type 'Cash' account 9-9999 does not exist in Accurate",
    ]
