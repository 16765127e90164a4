"""Shifts, transfers, stock adjustments and counts, payouts, customers and customer payments → facts."""

from jembatan.contracts import ledger
from jembatan.contracts.pos import POS_SCHEMAS
from jembatan.mapper.domain.dispatch import ROUTES, enrich, read_event
from jembatan.mapper.domain.mapping import OutletMapping, TenantSettings
from jembatan.mapper.domain.outcome import Parked

AT = "2026-11-25T05:00:00Z"
EVENTS = {
    "pos.register_shift_closed/1": {"register_shift_id": "s1", "register_id": "r1", "outlet_id": "outlet-ho",
                                    "opened_at": AT, "closed_at": AT, "order_count": 3},
    "pos.transfer_started/1": {"transfer_id": "tr1", "transfer_reference": "TR-1", "from_outlet_id": "outlet-ho",
                               "to_outlet_id": "outlet-2", "started_at": AT,
                               "lines": [{"sku": "ROTI", "quantity": "5"}, {"sku": "ROTI", "quantity": "1"}]},
    "pos.transfer_received/1": {"transfer_id": "tr1", "transfer_reference": "TR-1", "from_outlet_id": "outlet-ho",
                                "to_outlet_id": "outlet-2", "received_at": AT,
                                "lines": [{"sku": "ROTI", "quantity_sent": "5", "quantity_accepted": "5"}]},
    "pos.stock_adjusted/1": {"adjustment_id": "a1", "adjustment_reference": "ADJ-1", "outlet_id": "outlet-ho",
                             "adjusted_at": AT, "lines": [{"sku": "KOPI-L", "quantity_delta": "-2"}]},
    "pos.stock_counted/1": {"stock_count_id": "c1", "reference": "SO-1", "outlet_id": "outlet-ho", "counted_at": AT,
                            "lines": [{"sku": "ROTI", "system_quantity": "9", "counted_quantity": "8"}]},
    "pos.payout_settled/1": {"payout_id": "po1", "reference_id": "PO-1", "payout_date": "2026-11-26",
                             "transactions_amount": "100000", "total_fees": "700", "total_deposit": "99300",
                             "entries": [{"transaction_id": "t2", "outlet_id": "outlet-ho", "gross_amount": "100000",
                                          "fee_amount": "700", "net_amount": "99300"}]},
    "pos.customer_upserted/1": {"customer_id": "c-9", "external_customer_id": "M-009", "name": "Budi",
                                "updated_at": AT},
    "pos.customer_payment_received/1": {
        "payment_id": "cp1", "customer_id": "c-9", "outlet_id": "outlet-ho", "received_at": AT, "amount": "5000",
        "payments": [{"transaction_id": "t5", "gateway": "cash", "payment_type_name": "Cash", "amount": "5000"}],
        "allocations": [{"order_id": "ord-1", "amount": "5000"}]},
}  # fmt: skip


def two_outlets(outlet_mapping) -> dict[str, OutletMapping]:
    ho = outlet_mapping()
    snap = ho.snapshot.model_copy(
        update={"stock_adjustment_account": "5-1100", "stock_count_account": "5-1200"}
    )
    second = snap.model_copy(
        update={"outlet_id": "outlet-2", "outlet_code": "O2", "warehouse_name": "Gudang 2"}
    )
    return {"outlet-ho": ho.model_copy(update={"snapshot": snap}), "outlet-2": OutletMapping(snapshot=second)}


def outcome(schema, lookups, **changes):
    routed = enrich(schema, read_event(schema, EVENTS[schema] | changes), lookups)
    assert not isinstance(routed, Parked)
    return routed[1]


def test_every_canonical_event_type_has_an_enrichment():
    assert set(ROUTES) == set(POS_SCHEMAS)
    assert {r.fact_schema for r in ROUTES.values()} == set(ledger.LEDGER_SCHEMAS)


def test_every_event_type_becomes_its_fact_when_everything_is_mapped(make_lookups, outlet_mapping):
    lookups = make_lookups(outlets=two_outlets(outlet_mapping), customers={"c-9": "M-009"})
    for schema in EVENTS:
        fact = outcome(schema, lookups)
        assert type(fact) is ledger.LEDGER_SCHEMAS[ROUTES[schema].fact_schema], schema


def test_a_transfer_names_both_warehouses_and_each_item_once(make_lookups, outlet_mapping):
    fact = outcome("pos.transfer_started/1", make_lookups(outlets=two_outlets(outlet_mapping)))
    assert isinstance(fact, ledger.TransferStartedFact)
    assert (fact.from_outlet.warehouse_name, fact.to_outlet.warehouse_name) == ("Gudang HO", "Gudang 2")
    assert fact.items == [ledger.ItemRef(sku="ROTI", item_no="ROTI")]


def test_a_transfer_to_an_unmapped_outlet_is_parked(make_lookups, outlet_mapping):
    assert outcome("pos.transfer_started/1", make_lookups()) == Parked("outlet outlet-2 is not mapped")


def test_a_stock_count_without_a_count_difference_account_is_parked(make_lookups):
    assert outcome("pos.stock_counted/1", make_lookups()) == Parked(
        "outlet outlet-ho has no stock count difference account"
    )


def test_a_stock_adjustment_of_an_unknown_sku_is_parked(make_lookups, outlet_mapping):
    lookups = make_lookups(outlets=two_outlets(outlet_mapping))
    lines = [{"sku": "NOPE", "quantity_delta": "1"}]
    assert outcome("pos.stock_adjusted/1", lookups, lines=lines) == Parked(
        "product SKU 'NOPE' is not in the catalogue"
    )


def test_a_payout_takes_its_outlet_from_its_entries(make_lookups):
    fact = outcome("pos.payout_settled/1", make_lookups())
    assert isinstance(fact, ledger.PayoutFact) and fact.outlet.payout_account == "1-1120"


def test_an_express_payout_needs_the_bank_adjustment_account(make_lookups, outlet_mapping):
    ho = outlet_mapping()
    snap = ho.snapshot.model_copy(update={"bank_adjustment_account": None})
    lookups = make_lookups(outlets={"outlet-ho": ho.model_copy(update={"snapshot": snap})})
    assert outcome("pos.payout_settled/1", lookups, payout_fee="500", total_deposit="98800") == Parked(
        "outlet outlet-ho has no bank adjustment account for payouts"
    )


def test_a_customer_takes_the_iseller_number_or_a_prefixed_id(make_lookups):
    assert outcome("pos.customer_upserted/1", make_lookups()).customer_no == "M-009"
    lookups = make_lookups(tenant=TenantSettings(customer_number_from_iseller=False))
    assert outcome("pos.customer_upserted/1", lookups).customer_no == "IS-c-9"


def test_a_customer_payment_for_a_member_not_seen_yet_is_parked(make_lookups):
    assert outcome("pos.customer_payment_received/1", make_lookups()) == Parked(
        "member c-9 is not known yet: no customer event or sale named them"
    )


def test_a_customer_payment_goes_to_the_members_number_and_the_cash_account(make_lookups):
    fact = outcome("pos.customer_payment_received/1", make_lookups(customers={"c-9": "M-009"}))
    assert isinstance(fact, ledger.CustomerPaymentFact)
    assert fact.customer_no == "M-009" and fact.payments[0].account_no == "1-1110"


STORE_WIDE_ENTRIES = [
    {"transaction_id": "t2", "outlet_id": "outlet-ho", "gross_amount": "60000", "fee_amount": "420", "net_amount": "59580"},
    {"transaction_id": "t3", "outlet_id": "outlet-2", "gross_amount": "40000", "fee_amount": "280", "net_amount": "39720"},
]  # fmt: skip


def test_a_store_wide_payout_is_booked_under_its_first_outlet_when_they_share_the_payout_accounts(
    make_lookups, outlet_mapping
):
    fact = outcome(
        "pos.payout_settled/1", make_lookups(two_outlets(outlet_mapping)), entries=STORE_WIDE_ENTRIES
    )
    assert isinstance(fact, ledger.PayoutFact) and fact.outlet.outlet_id == "outlet-2"


def test_a_store_wide_payout_over_outlets_with_different_payout_accounts_is_parked(
    make_lookups, outlet_mapping
):
    outlets = two_outlets(outlet_mapping)
    second = outlets["outlet-2"]
    outlets["outlet-2"] = second.model_copy(
        update={"snapshot": second.snapshot.model_copy(update={"payout_account": "1-1999"})}
    )
    event = read_event(
        "pos.payout_settled/1", EVENTS["pos.payout_settled/1"] | {"entries": STORE_WIDE_ENTRIES}
    )
    parked = enrich("pos.payout_settled/1", event, make_lookups(outlets))[1]
    assert isinstance(parked, Parked) and "do not share" in parked.reason
