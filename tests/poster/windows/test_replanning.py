"""The engine's Replanner: a window's documents not yet posted are rebuilt from the held facts."""

import json

from jembatan.poster.adapters.tables import Posting
from jembatan.poster.service_layer.window_planning import WindowReplanner, window_of_document
from jembatan.poster.service_layer.window_verbs import resync
from window_db import documents, take
from window_facts import TENANT, at, outlet, sale


async def refused_by_accurate(db, document_type: str) -> str:
    """Make one document look refused by Accurate, with a body gone stale."""
    async with db.session() as session:
        docs = (await documents(db)).values()
        key = next(d.document_key for d in docs if d.document_type == document_type)
        doc = await session.get(Posting, key)
        assert doc is not None
        doc.state, doc.body, doc.message = "failed", "{}", "Barang tidak ditemukan"
        session.add(doc)
    return key


async def test_replan_rebuilds_a_failed_documents_body_and_leaves_the_retry_to_move_it(db):
    await take(db, sale("o1", at(1), outlet()))
    key = await refused_by_accurate(db, "sales-invoice")
    async with db.session() as session:
        window_id = await window_of_document(session, key)
        assert window_id == "order:o1"
        await WindowReplanner().replan(session, TENANT, window_id)
    doc = (await documents(db))[key]
    assert doc.state == "failed"
    assert json.loads(doc.body)["detailItem"]


async def test_resync_does_not_resend_a_document_accurate_refused(db):
    await take(db, sale("o1", at(1), outlet()))
    key = await refused_by_accurate(db, "sales-receipt")
    async with db.session() as session:
        await resync(session, TENANT, at(-7), at(17))
    assert (await documents(db))[key].state == "failed"


async def test_a_redelivered_fact_plans_a_refused_document_again_with_the_new_facts(db):
    await take(db, sale("o1", at(1), outlet()))
    key = await refused_by_accurate(db, "sales-invoice")
    await take(db, sale("o1", at(1), outlet(warehouse_name="Gudang Baru")), redelivery=1)
    doc = (await documents(db))[key]
    assert doc.state == "planned"
    assert json.loads(doc.body)["detailItem"][0]["warehouseName"] == "Gudang Baru"
