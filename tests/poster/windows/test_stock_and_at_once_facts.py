"""Transfers follow the outlet's transfer switch; customers post as they come, and a member's
documents wait for the member's customer document (depends_on)."""

from datetime import UTC, datetime, timedelta

from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import TriggerKind
from jembatan.poster.domain import recipes
from jembatan.poster.domain.drafts import ActivityKind, DocumentDraft
from window_db import documents, take, trigger, window_of, windows
from window_facts import at, member, outlet, sale, transfer_out

WAREHOUSE = outlet(outlet_id="outlet-wh", outlet_code="WH")


async def test_a_transfer_at_a_real_time_switch_closes_at_once(db):
    await take(db, transfer_out("t1", at(2), outlet(SyncMode.SCHEDULED, [12]), WAREHOUSE))
    assert (await windows(db))["stock:transfer-out:t1"].state == "planned"


async def test_a_transfer_at_a_scheduled_switch_waits_for_its_hour(db):
    shop = outlet(SyncMode.REAL_TIME, [12, 18], transfer_sync=SyncMode.SCHEDULED)
    await take(db, transfer_out("t1", at(6), shop, WAREHOUSE))  # 13:00 WIB
    window_id = (await window_of(db))["transfer-out:t1"]
    assert window_id is not None and window_id.startswith("stock-hours:outlet-ho:")
    assert (await windows(db))[window_id].state == "open"
    await trigger(db, TriggerKind.SCHEDULED_HOUR, datetime(2026, 11, 25, 18, tzinfo=UTC) - timedelta(hours=7))
    assert (await windows(db))[window_id].state == "planned"


async def test_a_members_sale_waits_for_the_members_customer_document(db, monkeypatch):
    def customer_documents(tenant_id, fact):
        key = f"{tenant_id}:customer:{fact.customer.customer_id}"
        return [DocumentDraft(key=key, document_type="customer", number=fact.customer_no, body={},
                              kind=ActivityKind.CUSTOMER)]  # fmt: skip

    monkeypatch.setattr(recipes, "customer_documents", customer_documents, raising=False)
    await take(db, member("cust-1", at(0), "M-0001"))
    await take(db, sale("o1", at(1), outlet(), customer_no="M-0001"))
    docs = await documents(db)
    customer = next(k for k, d in docs.items() if d.document_type == "customer")
    invoice = next(d for d in docs.values() if d.document_type == "sales-invoice")
    assert invoice.depends_on == customer
