"""After a whole store day through every service (each its own process), every metric the Grafana
dashboard or an alert rule names is exported by some service's `/metrics`, scraped over HTTP: a panel
or an alert over a metric nobody exports would stay silent forever. And the metrics of the rows a
tenant's selection filters carry that tenant."""

from __future__ import annotations

import asyncio
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jembatan.devstack import demo
from jembatan.devstack.dashboards import dashboard_queries, promql_metric_names
from jembatan.devstack.tenant_setup import Admin
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "jembatan.json"
RULES = sorted((ROOT / "deploy" / "prometheus" / "rules").glob("*.yml"))
SCRAPED = ("ingest", "mapper", "poster", "scheduler")  # what prometheus.yml scrapes
PROMETHEUS_OWN = {"up"}  # made by Prometheus for every target, not by a service
TENANT = "quiet-day"  # the played stack's demo day without faults (tests/conftest.py)
GROUPINGS = "by|without|on|ignoring|group_left|group_right"


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects: calls (`rate(`, `hour(`) go first, then matchers,
    ranges, groupings and keywords (`promql_metric_names`)."""
    return promql_metric_names(re.sub(rf"\b(?!(?:{GROUPINGS})\b)[a-z_]+\s*\(", "(", expr))


def selector_queries() -> list[str]:
    """The dashboard's variables: `label_values(<selector>, <label>)` → the selector."""
    variables = json.loads(DASHBOARD.read_text())["templating"]["list"]
    return [re.fullmatch(r"label_values\((.+), \w+\)", v["query"]["query"]).group(1) for v in variables]


def used_metrics() -> dict[str, set[str]]:
    """Each metric the dashboard (panels and selectors) or the alert rules name → where."""
    used: dict[str, set[str]] = {}
    for query in [*dashboard_queries(DASHBOARD), *selector_queries()]:
        for name in metric_names(query):
            used.setdefault(name, set()).add("dashboard")
    for path in RULES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                for name in metric_names(rule["expr"]):
                    used.setdefault(name, set()).add(rule["alert"])
    return {name: where for name, where in used.items() if name not in PROMETHEUS_OWN}


def tenant_filtered_metrics() -> set[str]:
    """Metrics of dashboard queries filtered by the tenant selector."""
    return {n for q in dashboard_queries(DASHBOARD) if 'tenant=~"$tenant"' in q for n in metric_names(q)}


async def scrape(urls: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """Every sample any scraped service exports: series name → the label sets seen."""
    samples: dict[str, list[dict[str, str]]] = {}
    async with httpx.AsyncClient(timeout=10) as http:
        for name in SCRAPED:
            reply = await http.get(f"{urls[name]}/metrics")
            reply.raise_for_status()
            for family in text_string_to_metric_families(reply.text):
                for sample in family.samples:
                    samples.setdefault(sample.name, []).append(dict(sample.labels))
    return samples


async def until_exported(urls: dict[str, str], wanted: set[str], within: float) -> dict[str, Any]:
    """Scrape until every wanted series has a sample (the scheduler fires on its own tick)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        samples = await scrape(urls)
        if wanted <= set(samples) or loop.time() > deadline:
            return samples
        await asyncio.sleep(2)


@pytest.fixture(scope="module")
async def played(stack, played_days) -> dict[str, Any]:
    """The demo day played (the session's quiet day, tests/conftest.py), a schedule set as an operator
    does, the day reconciled."""
    outcome = played_days[TENANT]
    assert outcome["documents"], "the demo day posted nothing"
    scheduler = Admin(stack.urls["scheduler"], stack.admin_token)
    poster = Admin(stack.urls["poster"], stack.admin_token)
    try:  # the scheduled-hours outlet's posting hours (this also creates the tenant's default timetable)
        bsd = next(o for o in outcome["day"].outlets if o.outlet_code == "BSD")
        await scheduler.put(f"/admin/tenants/{TENANT}/schedules/{bsd.outlet_id}", {"hours": [0, 12, 17]})
        run = await poster.post(f"/admin/tenants/{TENANT}/reconciliations", {"day": demo.DAY.isoformat()})
        assert run["status"] == "done", run
    finally:
        await scheduler.close()
        await poster.close()
    return {"outcome": outcome, "run": run}


async def test_the_demo_day_reconciles_with_no_difference_but_ingredients_accurate_never_relieved(
    played,
) -> None:
    """Payouts, shifts, member payments, documents and stock agree. Where the demo imports composites
    as plain items, Accurate never relieves their ingredients (docs/posting.md, I5): reconciliation
    may then show exactly that, `stock` gaps of `BHN-` SKUs where Accurate holds more, and no other."""
    report = played["run"]["report"]
    known = [d for d in report["differences"] if d["kind"] == "stock" and d["sku"].startswith("BHN-")]
    others = [d for d in report["differences"] if d not in known]
    assert others == [], json.dumps(others, indent=1)
    assert all(Decimal(d["amount"]) > 0 for d in known), json.dumps(known, indent=1)
    assert report["stock"] and report["payouts"] and report["shifts"]
    assert all(
        Decimal(row["iseller"]) == Decimal(row["accurate"])
        for row in report["stock"]
        if not row["sku"].startswith("BHN-")
    )
    for row in report["payouts"]:
        assert row["accurate"] is not None, row
        assert {k: Decimal(v) for k, v in row["iseller"].items()} == {
            k: Decimal(v) for k, v in row["accurate"].items()
        }


async def test_every_metric_the_dashboard_and_the_alerts_use_is_exported_after_a_day(stack, played) -> None:
    used = used_metrics()
    assert {
        "jembatan_documents_total",
        "jembatan_reconciliation_gaps",
        "jembatan_accurate_calls_total",
    } <= set(used)
    samples = await until_exported(stack.urls, set(used), within=90)

    missing = {name: sorted(where) for name, where in used.items() if name not in samples}
    assert not missing, f"used but exported by no service after a whole day: {missing}"
    for name in sorted(tenant_filtered_metrics()):
        tenants = {labels.get("tenant") for labels in samples[name]}
        assert TENANT in tenants, (
            f"{name} carries no tenant={TENANT} (tenants seen: {sorted(map(str, tenants))})"
        )


def test_the_names_read_from_an_expression_are_its_metrics_only() -> None:
    expr = (
        'sum by (tenant, kind) (rate(a_total{outcome="ok"}[5m])) unless on (tenant) b_seconds_bucket'
        " and on () (hour() >= 3) or time() - max(c_timestamp_seconds) > 300"
    )
    assert metric_names(expr) == {"a_total", "b_seconds_bucket", "c_timestamp_seconds"}
