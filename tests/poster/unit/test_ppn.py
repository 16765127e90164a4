"""PPN to the rupiah in every mapping a merchant can choose: output tax gets the till's PPN, revenue
never does, and Accurate's invoice total equals the till's.

Exclusive shift (orders A and B of test_sales_window): till PPN 8,129 = 11 % of goods 68,000 (7,480)
+ 11 % of service 5,900 (649).
Inclusive order C: 2 x Kopi 22,200 = 44,400 + service 2,220 = 46,620, PPN inside 46,620 x 11/111
= 4,620 (4,400 on goods, 220 on service), rounding -20 → 46,600 paid by card.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jembatan.poster.domain.recipes import sales_window_documents
from jembatan.poster.domain.tax import TaxedLine, accurate_ppn, accurate_total, split_till_ppn
from jembatan.sandbox.accurate.domain.pricing import LineInput, price

from .books import output_tax, priced, revenue
from .facts import OUTPUT_TAX, ROUNDING, SALES, SERVICE, outlet, refund, sale, window
from .test_sales_window import order_a, order_b

D = Decimal


def exclusive_shift(charges_ppn: bool):
    snapshot = outlet(charges_ppn=charges_ppn)
    return sales_window_documents("t1", window("shift:s7", snapshot, [order_a(snapshot), order_b(snapshot)]))[0]


def inclusive_order(charges_ppn: bool):
    snapshot = outlet(charges_ppn=charges_ppn, inclusive=True)
    fact = sale("C", [("KOPI", 2, 22200, 0, True, 4620)], 46600, [("external_debit", 46600)], snapshot=snapshot,
                tax=4620, inclusive=True, service=2220, rounding=-20)  # fmt: skip
    return sales_window_documents("t1", window("order:C", snapshot, [fact]))[0]


def expense(body, account):
    return sum((e["expenseAmount"] for e in body["detailExpense"] if e["accountNo"] == account), D(0))


@pytest.mark.parametrize("charges_ppn", [True, False])
def test_exclusive_prices_book_the_tills_ppn_and_total_in_both_mappings(charges_ppn):
    body = exclusive_shift(charges_ppn).body
    assert output_tax(body) == D(8129)
    assert priced(body).total == D(82000)
    assert sum(line.revenue for line in priced(body).lines) == D(68000)


def test_accurate_computes_the_goods_ppn_and_the_service_charges_ppn_is_an_explicit_line():
    body = exclusive_shift(charges_ppn=True).body
    assert body["taxable"] is True and body["inclusiveTax"] is False
    assert priced(body).tax == D(7480)
    assert expense(body, OUTPUT_TAX) == D(649)


def test_without_a_tax_code_the_whole_ppn_is_an_output_tax_line():
    body = exclusive_shift(charges_ppn=False).body
    assert body["taxable"] is False
    assert expense(body, OUTPUT_TAX) == D(8129)


@pytest.mark.parametrize("charges_ppn", [True, False])
def test_inclusive_prices_keep_ppn_out_of_revenue_in_both_mappings(charges_ppn):
    body = inclusive_order(charges_ppn).body
    assert output_tax(body) == D(4620)
    assert priced(body).total == D(46600)
    assert sum(line.revenue for line in priced(body).lines) - priced(body).cash_discount == D(40000)
    assert expense(body, SERVICE) == D(2000)


def test_inclusive_with_a_tax_code_lets_accurate_split_the_goods_and_books_the_service_ppn():
    body = inclusive_order(charges_ppn=True).body
    assert body["taxable"] is True and body["inclusiveTax"] is True
    assert priced(body).tax == D(4400)
    assert expense(body, OUTPUT_TAX) == D(220)


def test_inclusive_without_a_tax_code_takes_the_goods_ppn_out_of_the_line_price():
    body = inclusive_order(charges_ppn=False).body
    assert body["detailItem"][0]["itemCashDiscount"] == D(4400)
    assert expense(body, OUTPUT_TAX) == D(4620)


def test_a_ppn_rounding_difference_moves_between_output_tax_and_sales_never_to_cash_rounding():
    # The till rounded each order's PPN its own way (997 + 996 = 1,993); Accurate rounds the window
    # once: 20,100 x 11/111 = 1,991.89 → 1,992, and credits sales 20,100 - 1,992 = 18,108. The line
    # "PPN 1" makes output tax 1,993; "PPN rounding -1" on sales makes revenue 18,107 = 20,100 - 1,993,
    # iSeller's net sales. The cash-rounding account is not touched: no customer paid a rupiah less.
    snapshot = outlet(charges_ppn=True, inclusive=True)
    orders = [sale(n, [("KOPI", 1, 10050, 0, True, t)], 10050, [("cash", 10050)], snapshot=snapshot, tax=t,
                   inclusive=True) for n, t in (("E", 997), ("F", 996))]  # fmt: skip
    body = sales_window_documents("t1", window("shift:s8", snapshot, orders))[0].body
    assert priced(body).total == D(20100)
    assert priced(body).tax == D(1992)
    assert output_tax(body) == D(1993)
    assert {(e["expenseName"], e["accountNo"], e["expenseAmount"]) for e in body["detailExpense"]} == {
        ("PPN", OUTPUT_TAX, D(1)), ("PPN rounding", SALES, D(-1))}  # fmt: skip
    assert revenue(body) == D(18107)
    assert expense(body, ROUNDING) == D(0)


def test_order_discounts_spread_over_a_shift_change_accurates_ppn_and_sales_still_hold_net_sales():
    # Order G: Kopi 22,200 (taxable) less an order discount of 2,220, all on the Kopi: PPN inside
    # 19,980 x 11/111 = 1,980. Order H: Kue 22,200, not taxable, no discount. Net sales 18,000 + 22,200.
    # Accurate spreads the shift's 2,220 over both lines (1,110 each): the Kopi's PPN becomes
    # 21,090 x 11/111 = 2,090, 110 more than the till's. "PPN -110" brings output tax back to 1,980,
    # "PPN rounding 110" on sales brings revenue to 40,200; the invoice still totals 42,180.
    snapshot = outlet(charges_ppn=True, inclusive=True)
    g = sale("G", [("KOPI", 1, 22200, 0, True, 1980)], 19980, [("cash", 19980)], snapshot=snapshot, tax=1980,
             inclusive=True, order_discount=2220)  # fmt: skip
    h = sale("H", [("KUE", 1, 22200, 0, False, 0)], 22200, [("cash", 22200)], snapshot=snapshot,
             inclusive=True)  # fmt: skip
    body = sales_window_documents("t1", window("shift:s9", snapshot, [g, h]))[0].body
    assert body["cashDiscount"] == D(2220)
    assert priced(body).tax == D(2090)
    assert output_tax(body) == D(1980)
    assert expense(body, SALES) == D(110)
    assert revenue(body) == D(18000 + 22200)
    assert priced(body).total == D(19980 + 22200)
    assert expense(body, ROUNDING) == D(0)


def test_a_return_whose_lines_the_till_taxed_one_by_one_gives_back_net_sales_and_the_tills_ppn():
    # Two Kopi of 10,006 come back; the till's PPN per line is 10,006 x 11/111 = 991.59 → 992, so
    # 1,984. Accurate computes the return's PPN once: 20,012 x 11/111 = 1,983.17 → 1,983. The return
    # debits output tax 1,983 + 1 = 1,984 and sales 20,012 - 1,983 - 1 = 18,028 = 20,012 - 1,984.
    snapshot = outlet(charges_ppn=True, inclusive=True)
    back = refund("R2", "K", [("KOPI", 1, 10006, 992), ("TEH", 1, 10006, 992)], 20012, [("cash", 20012)],
                  snapshot=snapshot, inclusive=True)  # fmt: skip
    docs = sales_window_documents("t1", window("shift:s10", snapshot, [], [back]))
    body = next(d for d in docs if d.document_type == "sales-return").body
    assert priced(body).tax == D(1983)
    assert output_tax(body) == D(1984)
    assert expense(body, SALES) == D(-1)
    assert revenue(body) == D(18028)
    assert priced(body).total == D(20012)


def test_accurates_ppn_is_rounded_once_per_document_after_the_header_discount():
    lines = [TaxedLine(D(3), D(333), D(0), True), TaxedLine(D(1), D(1000), D(0), False)]
    # header 200 spread 999:1000 → 99.95 on the taxed line; (999 - 99.95) x 11 % = 98.8955 → 99
    assert accurate_ppn(lines, cash_discount=D(200), rate=D(11), inclusive=False) == D(99)


def test_the_tills_ppn_on_the_service_charge_is_recognised_only_when_the_till_charged_it():
    assert split_till_ppn(D(649), goods_base=D(0), taxable_charges=D(5900), rate=D(11), inclusive=False).charges == D(649)
    assert split_till_ppn(D(7480), goods_base=D(68000), taxable_charges=D(5900), rate=D(11), inclusive=False).charges == 0


line_inputs = st.lists(st.tuples(st.integers(1, 5), st.integers(100, 60000), st.integers(0, 100), st.booleans()),
                       min_size=1, max_size=6)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(lines=line_inputs, header_pct=st.integers(0, 30), inclusive=st.booleans(), rate=st.sampled_from([11, 12]),
       expenses=st.lists(st.integers(-500, 9000), max_size=3))  # fmt: skip
def test_the_prediction_mirrors_the_sandboxes_accurate_to_the_rupiah(lines, header_pct, inclusive, rate, expenses):
    taxed = [TaxedLine(D(q), D(p), D(q * p * d // 400), t) for q, p, d, t in lines]
    header = sum(ln.amount for ln in taxed) * header_pct // 100
    sandbox = price([LineInput(ln.quantity, ln.unit_price, ln.cash_discount, tax_code="PPN" if ln.taxed else None,
                               tax_rate=D(rate)) for ln in taxed], cash_discount=header, cash_disc_percent=D(0),
                    expenses=[D(e) for e in expenses], taxable=True, inclusive=inclusive, tax_decimals=0)  # fmt: skip
    ppn = accurate_ppn(taxed, cash_discount=header, rate=D(rate), inclusive=inclusive)
    assert ppn == sandbox.tax
    assert accurate_total(taxed, cash_discount=header, expenses=D(sum(expenses)), ppn=ppn, inclusive=inclusive) == sandbox.total
