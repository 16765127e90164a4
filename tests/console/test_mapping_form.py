"""The outlet mapping form: the merchant's fields laid over the saved mapping, nothing else lost."""

from jembatan.console.mapping_form import blank_mapping, mapping_from_form, payment_rows
from jembatan.console.routes.parked import fixing_page
from jembatan.console.routes.synchronization import parse_hours

SAVED = {"enabled": True, "channels_off": ["marketplace"], "payment_accounts": {"cash": "1-1001", "OVO": "1-1020"},
         "snapshot": {"outlet_id": "o1", "outlet_code": "HO", "branch_name": "Pusat", "warehouse_name": "Gudang",
                      "walk_in_customer_no": "UMUM", "sync_mode": "scheduled", "scheduled_hours": [21],
                      "mdr_fee_account": "6-2000", "tax": {"charges_ppn": True}}}  # fmt: skip
FORM = {"outlet_code": "HO", "branch_name": "Cabang Baru", "warehouse_name": "Gudang", "walk_in_customer_no": "UMUM",
        "mdr_fee_account": "", "rounding_account": " 7-1100 "}  # fmt: skip


def test_settings_the_form_does_not_show_are_kept():
    mapping = mapping_from_form(SAVED, FORM, [])
    assert mapping["channels_off"] == ["marketplace"]
    assert mapping["snapshot"]["sync_mode"] == "scheduled" and mapping["snapshot"]["scheduled_hours"] == [21]


def test_the_forms_fields_replace_the_saved_ones():
    snapshot = mapping_from_form(SAVED, FORM, [])["snapshot"]
    assert snapshot["branch_name"] == "Cabang Baru" and snapshot["rounding_account"] == "7-1100"


def test_an_emptied_account_is_removed_not_sent_as_blank():
    assert mapping_from_form(SAVED, FORM, [])["snapshot"]["mdr_fee_account"] is None


def test_an_unticked_checkbox_switches_the_setting_off():
    mapping = mapping_from_form(SAVED, FORM, [])
    assert mapping["enabled"] is False and mapping["snapshot"]["tax"]["charges_ppn"] is False


def test_payment_rows_without_both_type_and_account_are_dropped():
    payments = [("cash", "1-1001"), ("QRIS", ""), ("", "1-1099"), (" OVO ", " 1-1020 ")]
    assert mapping_from_form(SAVED, FORM, payments)["payment_accounts"] == {"cash": "1-1001", "OVO": "1-1020"}


def test_the_saved_mapping_itself_is_not_changed():
    mapping_from_form(SAVED, FORM, [])
    assert SAVED["snapshot"]["branch_name"] == "Pusat"


def test_payment_rows_show_the_usual_types_then_the_tenants_own_then_blanks():
    rows = payment_rows(SAVED)
    assert rows[0] == ("cash", "1-1001") and ("OVO", "1-1020") in rows and rows[-1] == ("", "")


def test_a_blank_mapping_names_its_outlet():
    assert blank_mapping("o9")["snapshot"]["outlet_id"] == "o9"


def test_hours_accept_spaces_and_commas_and_come_back_sorted_once():
    assert parse_hours("21, 9 9;13") == [9, 13, 21]


def test_an_hour_outside_the_day_is_refused():
    assert parse_hours("24") is None and parse_hours("nine") is None


def test_an_unmapped_outlet_links_straight_to_its_mapping_form():
    assert fixing_page("outlet 84bec0bb-bf61 is not mapped") == ("outlets/84bec0bb-bf61", "nav.outlets")
    assert fixing_page("outlet o2 has no stock count difference account") == ("outlets/o2", "nav.outlets")


def test_a_parked_reason_links_to_the_setting_that_fixes_it():
    assert fixing_page("payment type 'OVO' has no account") == ("outlets", "nav.outlets")
    assert fixing_page("no Accurate item for SKU KOPI-L") == ("products", "nav.products")
    assert fixing_page("member 42 is not known yet: no customer event or sale named them") is None
