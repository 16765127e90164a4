"""What the recipes need from earlier windows, found in the ledger: a refund's original invoice, and
the on-account invoices a member's payment settles (even when the payment arrives first)."""

import json
import sys
from pathlib import Path

from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.pos import CustomerRef
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.service_layer.window_verbs import post_window_now
from window_db import documents, take, windows
from window_facts import TENANT, at, member, outlet, sale

sys.path.insert(0, str(Path(__file__).parents[1]))
from unit.facts import refund
from unit.facts_stock import payment


def of_type(docs: dict[str, Posting], document_type: str) -> list[Posting]:
    return [d for d in docs.values() if d.document_type == document_type]


async def test_a_refund_in_a_later_window_is_returned_against_the_orders_invoice(db):
    shop = outlet(receivable_account="1-1100")
    await take(db, sale("o1", at(1), shop))
    await take(db, refund("r1", "o1", [("ROTI", 1, 20000, 0)], 20000, [("cash", 20000)], snapshot=shop, at=at(3),
                          customer_no=shop.walk_in_customer_no))  # fmt: skip
    docs = await documents(db)
    (invoice,) = of_type(docs, "sales-invoice")
    assert [d.message for d in docs.values() if d.state == "failed"] == []
    (sales_return,) = of_type(docs, "sales-return")
    body = json.loads(sales_return.body)
    assert (body["returnType"], body["invoiceNumber"]) == ("INVOICE", invoice.number)
    receipts = {d.depends_on: d.document_key for d in of_type(docs, "sales-receipt")}
    first = receipts[invoice.document_key]
    assert sales_return.depends_on == receipts[first]  # after the invoice's last receipt


async def test_a_refund_in_the_next_scheduled_span_is_returned_against_that_spans_summary_invoice(db):
    shop = outlet(SyncMode.SCHEDULED, hours=[7, 12, 17], receivable_account="1-1100")
    await take(db, sale("o1", at(1), shop))
    async with db.session() as session:
        (first,) = (await windows(db)).keys()
        await post_window_now(session, TENANT, first)
    await take(db, refund("r1", "o1", [("ROTI", 1, 20000, 0)], 20000, [("cash", 20000)], snapshot=shop, at=at(6),
                          customer_no=shop.walk_in_customer_no))  # fmt: skip
    async with db.session() as session:
        second = next(w for w in (await windows(db)) if w != first)
        await post_window_now(session, TENANT, second)
    docs = await documents(db)
    (invoice,) = of_type(docs, "sales-invoice")
    assert invoice.window_id == first
    (sales_return,) = of_type(docs, "sales-return")
    assert json.loads(sales_return.body)["invoiceNumber"] == invoice.number


async def test_a_members_payment_that_arrives_before_its_invoice_is_planned_once_the_invoice_is(db):
    await take(db, payment([("o1", 30000)], [30000]))
    waiting = of_type(await documents(db), "window")
    assert [d.state for d in waiting] == ["failed"] and "not planned yet" in (waiting[0].message or "")
    await take(db, sale("o1", at(1), outlet(), customer_no="M-1"))
    docs = await documents(db)
    assert of_type(docs, "window") == []
    invoice = next(d for d in of_type(docs, "sales-invoice") if d.document_key.endswith(":order:o1"))
    receipts = [d for d in of_type(docs, "sales-receipt") if "pay-1" in d.source_ids]
    assert len(receipts) == 1 and receipts[0].depends_on == invoice.document_key
    assert json.loads(receipts[0].body)["detailInvoice"] == [
        {"invoiceNo": invoice.number, "paymentAmount": 30000}
    ]


async def test_a_member_known_from_their_webhook_is_not_created_again_for_their_sale(db):
    await take(db, member("c-1", at(0), "M-1"))
    on_account = sale("o1", at(1), outlet(), customer_no="M-1")
    order = on_account.order.model_copy(update={"customer": CustomerRef(customer_id="c-1", name="Ibu Sari")})
    await take(db, on_account.model_copy(update={"order": order}))
    docs = await documents(db)
    (customer,) = of_type(docs, "customer")
    (invoice,) = of_type(docs, "sales-invoice")
    assert customer.number == "M-1" and invoice.depends_on == customer.document_key


async def test_a_payment_settling_two_invoices_waits_for_the_one_not_posted_yet(db):
    await take(db, sale("o1", at(1), outlet(), customer_no="M-1"))
    await take(db, sale("o2", at(2), outlet(), customer_no="M-1"))
    async with db.session() as session:
        first = next(
            d for d in of_type(await documents(db), "sales-invoice") if d.document_key.endswith(":order:o1")
        )
        doc = await session.get(Posting, first.document_key)
        assert doc is not None
        doc.state = "posted"
        session.add(doc)
    await take(db, payment([("o1", 10000), ("o2", 20000)], [30000]))
    docs = await documents(db)
    (receipt,) = [d for d in of_type(docs, "sales-receipt") if "pay-1" in d.source_ids]
    assert receipt.depends_on is not None and receipt.depends_on.endswith(":order:o2")
