"""Real time: each order its own window, planned at once; a re-delivered fact replaces the held
one and rebuilds the documents not yet posted (it is no longer skipped as "planned before")."""

import json

from window_db import documents, documents_of_window, held, mark_all_posted, take, windows
from window_facts import at, outlet, sale


async def test_each_real_time_order_is_planned_at_once_in_its_own_window(db):
    shop = outlet()
    await take(db, sale("o1", at(1), shop))
    await take(db, sale("o2", at(2), shop))
    seen = await windows(db)
    assert {w: seen[w].state for w in seen} == {"order:o1": "planned", "order:o2": "planned"}
    assert await documents_of_window(db, "order:o1")
    assert await documents_of_window(db, "order:o2")


async def test_the_same_fact_twice_plans_nothing_new(db):
    shop = outlet()
    first = await take(db, sale("o1", at(1), shop))
    again = await take(db, sale("o1", at(1), shop), redelivery=1)
    assert first > 0 and again == 0


async def test_a_fact_refused_for_an_unmapped_account_is_rebuilt_when_it_comes_again_fixed(db):
    unmapped = outlet(rounding_account=None)
    await take(db, sale("o1", at(1), unmapped, rounding="-500"))
    before = await documents(db)
    assert [d.state for d in before.values()] == ["failed"]
    assert "Rounding" in (next(iter(before.values())).message or "")

    await take(db, sale("o1", at(1), outlet(), rounding="-500"), redelivery=1)  # re-driven after the fix
    after = await documents(db)
    assert after and all(d.state == "planned" for d in after.values())
    assert all(d.document_type != "window" for d in after.values())
    assert json.loads((await held(db, "order:o1")).payload)["outlet"]["rounding_account"] == "7-1000"


async def test_a_redelivered_fact_never_rewrites_a_posted_document(db):
    shop = outlet()
    await take(db, sale("o1", at(1), shop))
    docs = await documents(db)
    invoice = next(k for k, d in docs.items() if d.document_type == "sales-invoice")
    await mark_all_posted(db)
    await take(db, sale("o1", at(1), shop, cash="25000"), redelivery=1)
    after = await documents(db)
    assert after[invoice].body == docs[invoice].body
    assert after[invoice].state == "posted"
