"""The activity log's filters and the overview's counts as a merchant reads them (pure logic)."""

from jembatan.console.activity_view import Filters, bucket, today_counts
from jembatan.console.mapping_form import pickers


def test_waiting_is_everything_not_yet_posted_or_failed():
    assert [bucket(s) for s in ("planned", "sending", "unknown", "posted", "failed")] == [
        "waiting", "waiting", "waiting", "posted", "failed"]  # fmt: skip


def test_the_overview_counts_per_kind_in_the_add_ons_order():
    docs = [{"kind": "receipt", "state": "posted"}, {"kind": "order sync", "state": "failed"},
            {"kind": "order sync", "state": "posted"}, {"kind": "order sync", "state": "sending"}]  # fmt: skip
    assert today_counts(docs) == {"order sync": {"posted": 1, "waiting": 1, "failed": 1},
                                  "receipt": {"posted": 1, "waiting": 0, "failed": 0}}  # fmt: skip


def test_a_day_filter_asks_for_that_day_in_wib():
    params = Filters(day="2026-11-25").api_params("toko-1")
    assert params["since"] == "2026-11-25T00:00:00+07:00" and params["until"] == "2026-11-26T00:00:00+07:00"


def test_unknown_filter_values_are_dropped_not_sent_to_the_poster():
    chosen = Filters.from_query({"kind": "invoice", "state": "lost", "day": "25-11-2026", "offset": "-5"})
    assert chosen == Filters()
    assert Filters.from_query({"kind": "order sync", "state": "failed"}).query(offset=50) == (
        "kind=order+sync&state=failed&offset=50")  # fmt: skip


def test_the_pickers_offer_only_accounts_of_a_fitting_type():
    master = {"refreshed": True, "branches": ["Kantor Pusat"], "warehouses": ["Gudang HO"],
              "tax_codes": [{"name": "PPN", "tax_type": "PPN", "rate": "11"}],
              "accounts": [{"no": "1-1001", "name": "Kas", "account_type": "CASH_BANK", "leaf": True},
                           {"no": "6-2000", "name": "Biaya MDR", "account_type": "EXPENSE", "leaf": True}],
              "fitting_types": {"mdr_fee_account": ["EXPENSE"], "payment_accounts": ["CASH_BANK"]}}  # fmt: skip
    chosen = pickers(master)
    assert chosen is not None
    assert chosen.accounts["mdr_fee_account"] == [("6-2000", "6-2000 · Biaya MDR")]
    assert chosen.payment_accounts == [("1-1001", "1-1001 · Kas")]
    assert chosen.tax_codes == [("PPN", "PPN (PPN 11%)")] and chosen.branches == [("Kantor Pusat", "Kantor Pusat")]


def test_before_accurate_was_read_there_are_no_pickers():
    assert pickers({"refreshed": False, "accounts": [], "fitting_types": {}}) is None

