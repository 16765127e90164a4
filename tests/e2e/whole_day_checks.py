"""What a whole store day must end with, read from the Accurate sandbox's books and held against the
simulator's own ground truth (ACCOUNTING.md's invariants I1–I6), shared by the whole-day e2e files.

Each `assert_*` takes one day's outcome (`demo.run`'s dict: the simulator's day, the sandbox's books,
the poster's documents) and fails with what differs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import httpx
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.devstack import demo
from jembatan.devstack.tenant_setup import AccurateDatabase, Admin
from jembatan.sandbox.iseller.store import PAYMENT_TYPES

D = Decimal
CLEARING, MDR, OUTPUT_TAX, ROUNDING = "1-1010", "6-2000", "2-1100", "7-1100"
NUMBER_FIELD = {"customer": "customerNo"}  # Accurate's key of a module; every other one is `number`


def posted(outcome: dict[str, Any], document_type: str) -> list[dict[str, Any]]:
    return [d for d in outcome["documents"] if d["document_type"] == document_type and d["state"] == "posted"]


def accounts(outcome: dict[str, Any]) -> dict[str, Decimal]:
    return {row["no"]: D(str(row["balance"])) for row in outcome["books"]["trialBalance"]}


def payloads(outcome: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The day's webhooks of one kind, last version of each (the simulator's own record)."""
    return [d.payload for d in outcome["day"].deliveries if d.kind == kind]


def completed_orders(outcome: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {oid: o for oid, o in outcome["day"].orders.items() if o["status"] == "completed"}


def assert_every_document_posted(outcome: dict[str, Any]) -> None:
    not_posted = [
        (d["kind"], d["number"], d["message"]) for d in outcome["documents"] if d["state"] != "posted"
    ]
    assert not not_posted


def assert_nothing_dead_lettered(urls: list[str]) -> None:
    """No service (each URL one running process) moved a message aside."""
    for url in urls:
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
        dead = [ln for ln in metrics.splitlines() if ln.startswith("jembatan_messages_consumed_total")
                and 'outcome="dead_letter"' in ln and not ln.endswith(" 0.0")]  # fmt: skip
        assert not dead, (url, dead)


async def assert_nothing_parked_or_waiting(urls: dict[str, str], token: str, tenant: str) -> None:
    mapper, poster = Admin(urls["mapper"], token), Admin(urls["poster"], token)
    try:
        parked = await mapper.get(f"/admin/tenants/{tenant}/parked")
        windows = await poster.get(f"/admin/tenants/{tenant}/windows", limit=1000)
    finally:
        await mapper.close()
        await poster.close()
    assert [p["reason"] for p in parked] == []
    assert [(w["window_id"], w["state"]) for w in windows if w["state"] != "planned"] == []


def assert_i1(outcome: dict[str, Any]) -> None:
    """I1: every completed order, refund and payout is in exactly one posted document."""
    invoiced = Counter(i for d in posted(outcome, "sales-invoice") for i in d["source_ids"])
    orders = completed_orders(outcome)
    assert {oid: invoiced[oid] for oid in orders} == dict.fromkeys(orders, 1)
    returned = Counter(i for d in posted(outcome, "sales-return") for i in d["source_ids"])
    refunds = {r["refund_id"] for r in payloads(outcome, "refund")}
    assert {rid: returned[rid] for rid in refunds} == dict.fromkeys(refunds, 1)
    journals = Counter(
        i
        for d in outcome["documents"]
        if d["kind"] == "payout deposit" and d["state"] == "posted"
        for i in d["source_ids"]
    )
    payouts = set(outcome["day"].truth["payouts"])
    assert {ref: journals[ref] for ref in payouts} == dict.fromkeys(payouts, 1)


def assert_i2(outcome: dict[str, Any]) -> None:
    """I2: walk-in customers owe nothing; each payment account holds the till's money."""
    day, truth = outcome["day"], outcome["day"].truth
    customers = {c["customerNo"]: D(str(c["balance"])) for c in outcome["books"]["receivables"]["customers"]}
    assert {no: customers.get(no, D(0)) for no in (f"UMUM-{o.outlet_code}" for o in day.outlets)} == {
        f"UMUM-{o.outlet_code}": 0 for o in day.outlets
    }
    gateway = {p.name: p.gateway for p in PAYMENT_TYPES}
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for outlet in truth["outlets"].values():
        for field, sign in (("payments", 1), ("customer_payments", 1), ("refund_payments", -1)):
            for name, amount in outlet[field].items():
                if gateway[name] != "iseller_pay":
                    expected[demo.PAYMENT_ACCOUNTS[gateway[name]]] += sign * D(amount)
    books = accounts(outcome)
    assert {no: books.get(no, D(0)) for no in expected} == dict(expected)


def assert_i3(outcome: dict[str, Any]) -> None:
    """I3: each member's receivable equals their unpaid on-account balance in iSeller."""
    balances = demo.member_balances(outcome)
    assert balances and all(in_accurate == in_iseller for _, _, in_accurate, in_iseller in balances), balances
    assert any(in_iseller > 0 for *_, in_iseller in balances)


def assert_i4(outcome: dict[str, Any]) -> None:
    """I4: payouts add up; the clearing account holds what is not paid out; fees are expensed."""
    truth, books = outcome["day"].truth, accounts(outcome)
    for payout in truth["payouts"].values():
        assert D(payout["gross"]) - D(payout["fees"]) - D(payout["express_fee"]) == D(payout["net"])
    assert books.get(CLEARING, D(0)) == D(truth["iseller_pay_unpaid"])
    assert books.get(MDR, D(0)) == sum(D(p["fees"]) for p in truth["payouts"].values())


def assert_i5(outcome: dict[str, Any]) -> None:
    """I5: stock per warehouse equals iSeller's per outlet."""
    truth = outcome["day"].truth
    warehouse = {o.outlet_id: f"Gudang {o.outlet_code}" for o in outcome["day"].outlets}
    in_accurate = {
        (r["itemNo"], r["warehouseName"]): D(str(r["quantity"])) for r in outcome["books"]["stock"]
    }
    compared = {
        (sku, warehouse[outlet_id]): (in_accurate.get((sku, warehouse[outlet_id]), D(0)), D(units))
        for outlet_id, skus in truth["stock"].items()
        for sku, units in skus.items()
    }
    assert any(sku.startswith("BHN-") for sku, _ in compared)  # ingredients, relieved through composites
    assert {k: v for k, v in compared.items() if v[0] != v[1]} == {}


def assert_i6(outcome: dict[str, Any]) -> None:
    """I6: the books balance; net revenue is iSeller's net sales; PPN is the output tax."""
    books = accounts(outcome)
    assert outcome["books"]["totals"]["balanced"] is True
    orders = completed_orders(outcome)
    refunds = payloads(outcome, "refund")
    ppn = sum((D(o["total_tax_amount"]) for o in orders.values()), D(0)) - sum(
        (D(ln["tax_amount"]) for r in refunds for ln in r["lines"]), D(0)
    )
    assert books.get(OUTPUT_TAX, D(0)) == ppn
    net_sales = sum((D(o["total_amount"]) - D(o["total_tax_amount"]) - D(o["rounding_amount"])
                     for o in orders.values()), D(0)) - sum(
        (D(r["refund_amount"]) - D(r["rounding_amount"]) - sum((D(ln["tax_amount"]) for ln in r["lines"]), D(0))
         for r in refunds), D(0))  # fmt: skip
    revenue = sum((b for no, b in books.items() if no.startswith("4-")), D(0))
    rounding = sum((D(o["rounding_amount"]) for o in orders.values()), D(0)) - sum(
        (D(r["rounding_amount"]) for r in refunds), D(0)
    )
    assert revenue == net_sales, (revenue - net_sales, books.get(ROUNDING), rounding)
    assert books.get(ROUNDING, D(0)) == rounding  # only the till's cash rounding: PPN's rupiah are not there


def assert_invariants(outcome: dict[str, Any]) -> None:
    """I1–I6 at once (for days whose PPN mapping holds all six)."""
    for check in (assert_i1, assert_i2, assert_i3, assert_i4, assert_i5, assert_i6):
        check(outcome)


async def documents_in_accurate(accurate: AccurateDatabase, modules: set[str]) -> Counter[tuple[str, str]]:
    """(module, number) → how many records of that number Accurate holds, read through its own API."""
    auth = ApiTokenAuth(token=accurate.api_token, signature_secret=accurate.signature_secret)
    held: Counter[tuple[str, str]] = Counter()
    async with AccurateClient(auth, account_url=accurate.account_url) as client:
        for module in sorted(modules):
            field = NUMBER_FIELD.get(module, "number")
            async for row in client.iter_list(module, ["id", field], page_size=100):
                held[(module, str(row[field]))] += 1
    return held


async def assert_no_duplicate_in_accurate(outcome: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Accurate holds exactly the documents the poster says it posted, each once; and counted over
    the documents Accurate holds, every completed order, refund and payout is in exactly one (I1)."""
    mine = {(d["document_type"], d["number"]): d for d in outcome["documents"] if d["state"] == "posted"}
    held = await documents_in_accurate(outcome["accurate"], {module for module, _ in mine})
    assert {key: n for key, n in held.items() if n != 1} == {}
    walk_in = {("customer", f"UMUM-{o.outlet_code}") for o in outcome["day"].outlets}  # made as needed
    assert sorted(set(held) - set(mine) - walk_in) == []  # nothing in Accurate the poster does not know of
    assert sorted(set(mine) - set(held)) == []  # nothing "posted" that Accurate does not hold
    assert_i1({**outcome, "documents": [mine[key] for key in held if key in mine]})
    return held
