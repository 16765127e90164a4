"""Real-time documents for one order: an invoice equal to the till, and receipts per account."""

from decimal import Decimal

import pytest
from jembatan.contracts.ledger import PostingLine, PostingPayment, SaleFact
from jembatan.poster.domain.drafts import DocumentDraft
from jembatan.poster.domain.numbering import MAX_LENGTH, document_number
from jembatan.poster.domain.recipes import sales_window_documents
from jembatan.poster.domain.refusals import UnmappedAccount
from jembatan.poster.domain.windows import SalesWindow


def sale_documents(tenant_id: str, fact: SaleFact) -> list[DocumentDraft]:
    """Real time: the order is a window of its own (`order:<id>`), planned with the sales recipe."""
    order = fact.order
    own = SalesWindow(tenant_id=tenant_id, window_id=f"order:{order.order_id}", label=order.order_reference,
                      outlet=fact.outlet, opened_at=order.closed_at, closed_at=order.closed_at, sales=(fact,))  # fmt: skip
    return sales_window_documents(tenant_id, own)


@pytest.fixture
def fact(make_order, outlet_snapshot) -> SaleFact:
    order = make_order()
    lines = [PostingLine(source_line_id=ln.line_id, item_no=ln.sku, quantity=ln.quantity, unit_price=ln.unit_price,
                         discount_amount=ln.discount_amount) for ln in order.lines]
    accounts = {"cash": "1-1110", "iseller_pay": "1-1150"}
    payments = [PostingPayment(transaction_id=p.transaction_id, account_no=accounts[p.gateway], gateway=p.gateway,
                               payment_type_name=p.payment_type_name, amount=p.amount) for p in order.payments]
    return SaleFact(order=order, outlet=outlet_snapshot, customer_no="C-WALKIN-HO", lines=lines, payments=payments)


def invoice_total(body) -> Decimal:
    goods = sum(
        Decimal(ln["quantity"]) * ln["unitPrice"] - ln["itemCashDiscount"] for ln in body["detailItem"]
    )
    expenses = sum(e["expenseAmount"] for e in body.get("detailExpense", []))
    return goods - body.get("cashDiscount", 0) + expenses


def test_the_invoice_totals_the_iseller_order_to_the_rupiah(fact):
    invoice = sale_documents("t1", fact)[0]
    assert invoice.document_type == "sales-invoice"
    assert invoice_total(invoice.body) == fact.order.total_amount == Decimal("51500")


def test_rounding_and_charges_are_explicit_expense_lines_on_their_accounts(fact):
    expenses = sale_documents("t1", fact)[0].body["detailExpense"]
    assert {(e["accountNo"], e["expenseAmount"]) for e in expenses} == {
        ("4-2000", Decimal(1000)),
        ("7-1000", Decimal(-500)),
    }


def test_one_receipt_per_payment_account_pays_the_invoice(fact):
    invoice, *receipts = sale_documents("t1", fact)
    assert {(r.body["bankNo"], r.body["chequeAmount"]) for r in receipts} == {
        ("1-1110", Decimal(20000)),
        ("1-1150", Decimal(31500)),
    }
    for receipt in receipts:
        assert receipt.depends_on == invoice.key
        assert receipt.body["detailInvoice"] == [
            {"invoiceNo": invoice.number, "paymentAmount": receipt.body["chequeAmount"]}
        ]


def test_documents_are_identical_on_every_replay(fact):
    assert sale_documents("t1", fact) == sale_documents("t1", fact)
    assert sale_documents("t1", fact)[0].number != sale_documents("t2", fact)[0].number


def test_an_amount_without_an_account_refuses_to_plan(fact):
    outlet = fact.outlet.model_copy(update={"rounding_account": None})
    with pytest.raises(UnmappedAccount, match="Rounding of -500"):
        sale_documents("t1", fact.model_copy(update={"outlet": outlet}))


def test_numbers_are_short_readable_and_deterministic():
    from datetime import date

    number = document_number("sales-invoice", "Outlet Kemang 2", date(2026, 11, 25), "key-1")
    assert number.startswith("SI-OUTLETKE-261125-") and len(number) <= MAX_LENGTH
    assert number == document_number("sales-invoice", "Outlet Kemang 2", date(2026, 11, 25), "key-1")


def test_ppn_added_by_the_till_is_a_liability_line_when_accurate_does_not_compute_it(fact):
    order = fact.order.model_copy(update={"tax_amount": Decimal(5100), "total_amount": Decimal(56600)})
    outlet = fact.outlet.model_copy(update={"output_tax_account": "2-1100"})
    invoice = sale_documents("t1", fact.model_copy(update={"order": order, "outlet": outlet}))[0]
    assert {"accountNo": "2-1100", "expenseName": "PPN", "expenseAmount": Decimal(5100)} in invoice.body["detailExpense"]
    assert invoice_total(invoice.body) == Decimal(56600)


def test_ppn_inside_the_prices_leaves_revenue_for_the_output_tax_account(fact):
    order = fact.order.model_copy(update={"tax_amount": Decimal(5100), "tax_inclusive": True})
    outlet = fact.outlet.model_copy(update={"output_tax_account": "2-1100"})
    invoice = sale_documents("t1", fact.model_copy(update={"order": order, "outlet": outlet}))[0]
    ppn = [e["expenseAmount"] for e in invoice.body["detailExpense"] if e["accountNo"] == "2-1100"]
    assert sum(ppn) == Decimal(5100)
    assert invoice_total(invoice.body) == fact.order.total_amount
