"""Reconciliation and Find as the merchant reads them: pure logic, and the pages drawn from a kept
report (the admin APIs answered by an in-process stand-in; the browser tests use the real ones)."""

import json
import re
from decimal import Decimal

import httpx
from jembatan.console.app import create_app
from jembatan.console.config import ConsoleSettings
from jembatan.console.journey_view import clean_id, stage, wib_day
from jembatan.console.reconciliation_view import Fix, fix_for, gaps, other_sections, recent_days

MISSING = {"kind": "missing_document", "amount": "-53500", "iseller": "53500", "accurate": None,
           "window_id": "order:C", "documents": ["SI-HO-261125-0003"], "source_ids": ["C"],
           "action": "re-sync the window: the document is planned again and sent",
           "detail": "sales-invoice SI-HO-261125-0003 is not in Accurate"}  # fmt: skip
STOCK = {"kind": "stock", "amount": "-2", "iseller": "10", "accurate": "8", "window_id": None, "documents": [],
         "source_ids": [], "sku": "KOPI-1", "warehouse": "Gudang HO",
         "action": "count the SKU in the warehouse, then post a stock adjustment", "detail": "KOPI-1 in Gudang HO"}  # fmt: skip


def test_a_gap_is_read_with_its_money_as_decimal_and_its_fix():
    [gap] = gaps([MISSING])
    assert (gap.amount, gap.iseller, gap.accurate) == (Decimal("-53500"), Decimal("53500"), None)
    assert gap.fix == Fix("recon.fix_resync") and gap.fix.is_button
    assert gap.documents == ("SI-HO-261125-0003",) and gap.source_ids == ("C",)


def test_a_kind_the_console_does_not_know_keeps_its_own_fields_and_a_fix_from_the_action_words():
    [gap] = gaps([STOCK])
    assert gap.label == "Stock" and ("sku", "KOPI-1") in gap.extra and ("warehouse", "Gudang HO") in gap.extra
    assert gap.fix == Fix("recon.fix_products", "products")
    assert fix_for("shift_total", "retry the shift's failed receipts") == Fix(
        "recon.fix_retry", "activity?state=failed"
    )
    assert fix_for("payout", "map the payout account, then retry") == Fix(
        "recon.fix_retry", "activity?state=failed"
    )
    assert fix_for("odd", "ask your accountant") is None
    assert fix_for("refused_window", "") == Fix("recon.fix_map", "parked")


def test_sections_a_newer_poster_adds_are_shown_as_given():
    report = {"sales": {"iseller": "1", "accurate": "1"}, "windows": [{"window_id": "w"}],
              "payouts": [{"payout_id": "P1", "gross": "100000", "journal": None}]}  # fmt: skip
    assert other_sections(report) == [("payouts", ["payout_id", "gross", "journal"], [["P1", "100000", "—"]])]


def test_recent_days_keep_the_newest_run_of_each_day():
    runs = [
        {"day": "2026-11-25", "run_id": "b"},
        {"day": "2026-11-24", "run_id": "x"},
        {"day": "2026-11-25", "run_id": "a"},
    ]
    assert [r["run_id"] for r in recent_days(runs)] == ["b", "x"]


def test_a_pasted_id_is_trimmed_and_anything_that_cannot_be_an_id_is_refused():
    assert clean_id("  'A-17' \n") == "A-17"
    assert clean_id("") == clean_id("a/b") == clean_id("x" * 101) == clean_id("a?b") == ""


def test_the_stage_is_the_furthest_the_id_reached():
    delivered = [
        {"status": "accepted", "events": [{"outcome": "parked", "reason": "outlet X is not mapped"}]}
    ]
    assert stage({"deliveries": delivered, "facts": [], "documents": []}).key == "find.stage.parked"
    docs = [{"state": "posted", "number": "SI-1"}, {"state": "failed", "number": "SR-1"}]
    assert stage({"deliveries": delivered, "facts": [{}], "documents": docs}).detail == "SR-1"
    assert stage({"deliveries": [], "facts": [], "documents": []}).key == "find.stage.never"
    assert stage({"documents": docs[:1]}).key == "find.stage.posted"


def test_an_instant_belongs_to_its_wib_day():
    assert wib_day("2026-11-25T17:30:00+00:00") == "2026-11-26"  # 00:30 WIB the next day


def console_over(answers) -> httpx.AsyncClient:
    def handle(request: httpx.Request) -> httpx.Response:
        status, body = answers(request)
        return httpx.Response(status, json=body)

    url = "http://svc"
    settings = ConsoleSettings(ingest_url=url, mapper_url=url, poster_url=url, scheduler_url=url)
    app = create_app(settings, transport=httpx.MockTransport(handle))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://console")


async def signed_in(client: httpx.AsyncClient) -> str:
    page = await client.get("/signin")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    await client.post("/signin", data={"token": "t", "csrf_token": csrf})
    tenants = (await client.get("/tenants")).text  # signing in issues a new CSRF token
    return re.search(r'name="csrf_token" value="([^"]+)"', tenants).group(1)


RUN = {"run_id": "r", "day": "2026-11-25", "ran_at": "2026-11-25T19:00:00Z", "trigger": "manual", "status": "done",
       "difference_count": 2, "report": {"sales": {"iseller": "1234567", "accurate": "1181067"},
       "payments": [], "documents_expected": 4, "differences": [MISSING, STOCK],
       "windows": [{"window_id": "order:C", "outlet_id": "outlet-ho", "documents": 2, "differences": 1,
                    "sales": {"iseller": "53500", "accurate": "0"}, "takings": {"iseller": "0", "accurate": "0"}}]}}  # fmt: skip


async def test_the_reconciliation_page_draws_every_gap_in_rupiah_with_its_fix():
    def answers(request: httpx.Request):
        if request.url.path.endswith("/outlets/outlet-ho"):
            return 200, {"snapshot": {"outlet_code": "HO", "branch_name": "Jembatan Kemang"}}
        return 200, [RUN] if "reconciliations" in request.url.path else []

    async with console_over(answers) as client:
        await signed_in(client)
        page = (await client.get("/t/toko-1/reconciliation?day=2026-11-25")).text
    assert "Rp 1,234,567" in page and "-Rp 53,500" in page
    assert "Missing in Accurate" in page and "KOPI-1" in page and "Re-sync the day" in page
    assert 'href="/t/toko-1/find?id=C"' in page and 'href="/t/toko-1/products"' in page
    assert "HO · Jembatan Kemang" in page  # the window's outlet as the merchant knows it


async def test_find_draws_a_repeated_delivery_and_a_parked_event_with_the_page_that_fixes_it():
    delivery = {"inbox_id": 1, "kind": "order", "dedupe_key": "order:A-1:completed", "source": "webhook",
                "status": "accepted", "reason": None, "first_received_at": "2026-11-25T03:00:00Z", "deliveries": 3,
                "last_received_at": "2026-11-25T03:05:00Z", "correlation_id": "c", "event_ids": ["e1"]}  # fmt: skip
    parked = {"event_id": "e1", "outcome": "parked", "handled_at": None, "reason": "outlet o-9 is not mapped",
              "parked_at": "2026-11-25T03:00:01Z", "resolved_at": None, "fact_ids": []}  # fmt: skip

    calls = []

    def routed(request: httpx.Request):
        calls.append(request.url.path)
        # ingest is asked first, the mapper next, the poster last
        if len(calls) == 1:
            return 200, [delivery]
        if len(calls) == 2:
            return 200, [parked]
        return 200, {"facts": [], "documents": []}

    async with console_over(routed) as client:
        await signed_in(client)
        calls.clear()
        page = (await client.get("/t/toko-1/find", params={"id": " A-1 "})).text
    assert calls[0].endswith("/journey/A-1")
    assert "Parked: waiting for a setting" in page and "outlet o-9 is not mapped" in page
    assert "repeated 2×" in page and 'href="/t/toko-1/outlets/o-9"' in page
    assert "10:00 WIB" in page  # 03:00 UTC


async def test_find_refuses_a_pasted_path_in_words_without_calling_anything():
    calls = []

    def answers(request: httpx.Request):
        calls.append(request.url.path)
        return 200, json.loads("[]")

    async with console_over(answers) as client:
        await signed_in(client)
        calls.clear()
        page = await client.get("/t/toko-1/find", params={"id": "../admin"})
    assert page.status_code == 200 and "That is not an iSeller id" in page.text and calls == []


async def test_the_reconciliation_page_speaks_bahasa_indonesia_with_its_money_and_gap_words():
    def answers(request: httpx.Request):
        return 200, [RUN] if "reconciliations" in request.url.path else []

    async with console_over(answers) as client:
        csrf = await signed_in(client)
        await client.post("/language", data={"lang": "id", "back": "/tenants", "csrf_token": csrf})
        page = (await client.get("/t/toko-1/reconciliation?day=2026-11-25")).text
    assert "Rp 1.234.567" in page and "-Rp 53.500" in page
    assert "Tidak ada di Accurate" in page and "Sinkronkan ulang hari ini" in page and "Rekonsiliasi" in page


def test_every_word_the_new_pages_use_is_in_both_languages():
    from pathlib import Path

    from jembatan.console import reconciliation_view
    from jembatan.console.messages import CATALOGUE

    templates = Path(reconciliation_view.__file__).parent / "templates"
    keys = {k for name in ("find.html", "reconciliation.html", "overview.html")
            for k in re.findall(r"""t\(["']([a-z_.]+)["']\)""", (templates / name).read_text())}  # fmt: skip
    keys |= {f.label_key for f in reconciliation_view.FIX_BY_KIND.values() if f} | {"recon.fix_products"}
    keys |= {f"gap.{kind}" for kind in reconciliation_view.FIX_BY_KIND}
    stages = ("posted", "failed", "sending", "held", "parked", "unreadable", "nothing", "delivered", "never")
    keys |= {f"find.stage.{s}" for s in stages}
    assert len(keys) > 60 and sorted(k for k in keys if k not in CATALOGUE or not all(CATALOGUE[k])) == []
