"""Re-sync repairs a `missing_document`: a document posted, then deleted in Accurate, is looked up by
number (one list call per kind), planned again and posted once more by the real sender, against the
Accurate sandbox over HTTP; what Accurate still holds is neither touched nor duplicated."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
from engine_sandbox import CallLog, SandboxGateway
from jembatan.platform.http import create_service_app, no_lifespan
from jembatan.poster.adapters.posting_ledger import SqlPostingLedger
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.domain.posting import LOST, POSTED_AGAIN
from jembatan.poster.entrypoints import windows_admin
from jembatan.poster.service_layer.reconciling import reconcile_day
from jembatan.poster.service_layer.sender import PostingWorker
from sandbox_day import CASH, CLEARING, DAY, on_account, till_sale
from sqlmodel import select
from test_day_against_sandbox import delete
from window_db import take
from window_facts import TENANT, at, member

START = datetime(2026, 11, 25, tzinfo=UTC)
END = START + timedelta(days=1)
MODULES = ("sales-invoice", "sales-receipt")


async def resync_over_http(db, gateway: SandboxGateway) -> dict:
    """`POST /admin/tenants/{t}/resync` for the day, on the poster's real route."""
    app = create_service_app("poster", admin_token="t", secret_key=b"k" * 32, lifespan=no_lifespan)
    app.include_router(windows_admin.router)
    worker = SimpleNamespace(wake=asyncio.Event())
    app.state.runtime = SimpleNamespace(db=db, worker=worker, gateway=gateway)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://poster") as client:
        body = {"start": START.isoformat(), "end": END.isoformat()}
        answer = await client.post(
            f"/admin/tenants/{TENANT}/resync", json=body, headers={"Authorization": "Bearer t"}
        )
    assert answer.status_code == 200, answer.text
    assert worker.wake.is_set() == bool(answer.json()["sent_again"])
    return answer.json()


async def ledger(db) -> dict[str, Posting]:
    async with db.session() as session:
        rows = (await session.exec(select(Posting))).all()
    return {f"{r.document_type}:{r.source_ids[0]}:{json.loads(r.body).get('bankNo', '')}": r for r in rows}


def in_accurate(api) -> Counter[tuple[str, str]]:
    """(module, number) → how many records of that number Accurate holds."""
    held: Counter[tuple[str, str]] = Counter()
    for module in MODULES:
        for row in api.get(f"{module}/list.do", **{"fields": "id,number", "sp.pageSize": 100})["d"]:
            held[(module, row["number"])] += 1
    return held


def ids(api) -> dict[str, int]:
    return {
        row["number"]: row["id"]
        for module in MODULES
        for row in api.get(f"{module}/list.do", **{"fields": "id,number", "sp.pageSize": 100})["d"]
    }


async def test_a_deleted_invoice_and_receipt_come_back_once_and_nothing_else_is_sent(
    db, accurate, sandbox, readback
):
    for fact in (
        member("m-2", at(0.5), "M-2"),
        till_sale("A", 1),
        till_sale("B", 2, cash="21000"),
        on_account("C", 3),
    ):
        await take(db, fact)
    calls = CallLog()
    gateway = SandboxGateway(sandbox, accurate.creds, TENANT, calls)
    worker = PostingWorker(SqlPostingLedger(db), gateway)
    await worker.run_until_idle()
    docs = await ledger(db)
    assert {d.state for d in docs.values()} == {"posted"} and len(
        docs
    ) == 8  # a member, 3 invoices, 4 receipts
    invoice_c, cash_a = docs["sales-invoice:C:"], docs[f"sales-receipt:A:{CASH}"]
    delete(accurate, "sales-invoice", invoice_c.number)  # a member's unpaid invoice, deleted in Accurate
    delete(accurate, "sales-receipt", cash_a.number)  # a receipt of a paid one
    paid_b = [docs[f"sales-receipt:B:{CASH}"], docs[f"sales-receipt:B:{CLEARING}"], docs["sales-invoice:B:"]]
    for doc in paid_b:  # a paid sale deleted: Accurate wants its receipts deleted before the invoice
        delete(accurate, doc.document_type, doc.number)
    lost = sorted([invoice_c.number, cash_a.number, *(d.number for d in paid_b)])
    kept = ids(accurate)
    gaps = {d["kind"] for d in (await reconcile_day(db, readback, TENANT, DAY)).report["differences"]}
    assert gaps == {"missing_document"}

    calls.endpoints.clear()
    answer = await resync_over_http(db, gateway)  # the console's "Re-sync the day"

    assert answer == {"windows": 4, "new_documents": 5, "sent_again": lost}  # the member is not looked up
    assert sorted(calls.endpoints) == ["sales-invoice/list.do", "sales-receipt/list.do"]  # one per kind
    marked = await ledger(db)
    assert (marked["sales-invoice:C:"].state, marked["sales-invoice:C:"].message) == ("planned", LOST)
    assert (marked[f"sales-receipt:A:{CASH}"].state, marked[f"sales-receipt:A:{CASH}"].message) == (
        "planned",
        LOST,
    )
    assert sorted(d.number for d in marked.values() if d.state == "planned") == lost

    await worker.run_until_idle()
    after = await ledger(db)
    assert {d.state for d in after.values()} == {"posted"}
    assert sorted(d.number for d in after.values() if d.attempts == 2) == lost  # each sent once more
    assert {d.attempts for d in after.values()} == {1, 2}
    assert {d.number: d.message for d in after.values() if d.message} == dict.fromkeys(lost, POSTED_AGAIN)
    held = in_accurate(accurate)
    assert set(held.values()) == {1} and len(held) == 7  # every document once, none twice
    now = ids(accurate)
    assert {n: now[n] for n in kept} == kept  # what Accurate kept is untouched (the same records)
    assert after["sales-invoice:C:"].accurate_id == now[invoice_c.number]
    assert (await reconcile_day(db, readback, TENANT, DAY)).report["differences"] == []
    assert docs[f"sales-receipt:A:{CLEARING}"].number in kept  # A's other receipt stayed as it was

    calls.endpoints.clear()
    assert await resync_over_http(db, gateway) == {"windows": 4, "new_documents": 0, "sent_again": []}
    await worker.run_until_idle()
    assert not [e for e in calls.endpoints if e.endswith(("save.do", "bulk-save.do"))]  # nothing sent
    assert {k: d.attempts for k, d in (await ledger(db)).items()} == {k: d.attempts for k, d in after.items()}
    await gateway.close()
