"""Pure domain rules, called directly: pricing, average cost, ledger, receivables, transit, params."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from jembatan.sandbox.accurate.domain.errors import AccurateError
from jembatan.sandbox.accurate.domain.inventory import Inventory
from jembatan.sandbox.accurate.domain.ledger import JournalLine, Ledger, UnbalancedJournal
from jembatan.sandbox.accurate.domain.money import allocate, parse_discount_percent
from jembatan.sandbox.accurate.domain.pricing import LineInput, price
from jembatan.sandbox.accurate.domain.receivables import Receivables
from jembatan.sandbox.accurate.domain.transit import GoodsInTransit
from jembatan.sandbox.accurate.modules.listing import parse_filters
from jembatan.sandbox.accurate.web.params import unflatten


def test_inclusive_tax_is_taken_out_of_the_price() -> None:
    doc = price([LineInput(D(1), D(111000), tax_code="PPN", tax_rate=D(11))], cash_discount=D(0),
                cash_disc_percent=D(0), expenses=[], taxable=True, inclusive=True, tax_decimals=0)
    assert (doc.total, doc.tax, doc.tax_base, doc.lines[0].revenue) == (D(111000), D(11000), D(100000), D(100000))


def test_header_discount_reduces_the_tax_base_before_exclusive_tax() -> None:
    doc = price([LineInput(D(2), D(50000), tax_code="PPN", tax_rate=D(11))], cash_discount=D(10000),
                cash_disc_percent=D(0), expenses=[D(-300)], taxable=True, inclusive=False, tax_decimals=0)
    assert (doc.sub_total, doc.tax, doc.total) == (D(100000), D(9900), D(100000) - 10000 + 9900 - 300)


def test_cascaded_discount_and_allocation() -> None:
    assert parse_discount_percent("10+5", "itemDiscPercent") == D("14.5")
    assert allocate(D(100), [D(1), D(1), D(1)]) == [D("33.333333"), D("33.333333"), D("33.333334")]


def test_average_cost_and_negative_stock() -> None:
    stock = Inventory()
    stock.receive("A", "W", D(10), D(100))
    stock.receive("A", "W", D(10), D(200))
    assert stock.issue("A", "W", D(5)) == D(750)
    assert stock.issue("A", "W", D(20)) == D(2250) + D(5) * D(150)
    assert stock.cell("A", "W").quantity == D(-5)
    refused = Inventory(allow_negative=False)
    with pytest.raises(AccurateError):
        refused.issue("A", "W", D(1))


def test_ledger_refuses_unbalanced_entries_and_rolls_back() -> None:
    ledger = Ledger()
    mark = ledger.mark()
    ledger.post(date(2025, 1, 1), "x", 1, "N", [JournalLine("1", debit=D(5)), JournalLine("2", credit=D(5))])
    with pytest.raises(UnbalancedJournal):
        ledger.post(date(2025, 1, 1), "x", 2, "M", [JournalLine("1", debit=D(5))])
    ledger.rollback_to(mark)
    assert ledger.trial_balance() == {}


def test_receivables_refuse_overpayment_and_turn_excess_returns_into_credit() -> None:
    book = Receivables()
    book.open_invoice("SI-1", "C", D(100))
    book.pay("SI-1", D(60))
    with pytest.raises(AccurateError, match="melebihi nilai piutang"):
        book.pay("SI-1", D(41))
    book.apply_return("SI-1", D(50))
    assert (book.owing("SI-1").outstanding, book.customer_balance("C")) == (D(0), D(-10))  # type: ignore[union-attr]


def test_transit_receives_at_most_what_was_sent() -> None:
    transit = GoodsInTransit()
    transit.send("IT-1", "A", D(3), D(300))
    assert transit.receive("IT-1", "A", D(1)) == D(100)
    with pytest.raises(AccurateError):
        transit.receive("IT-1", "A", D(3))


def test_flat_form_keys_and_filters() -> None:
    nested = unflatten({"data[0].detailItem[1].itemNo": "B", "data[0].detailItem[0].itemNo": "A",
                        "filter.no.val[0]": "X"})
    assert nested["data"][0]["detailItem"] == [{"itemNo": "A"}, {"itemNo": "B"}]
    assert parse_filters({"filter.no.op": "between", "filter.no.val[1]": "Z", "filter.no.val[0]": "A"}) == {
        "no": ("BETWEEN", ["A", "Z"])}
