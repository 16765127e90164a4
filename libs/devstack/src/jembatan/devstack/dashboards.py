"""Check the Grafana dashboard against what the services export (DESIGN.md §7).

`dashboard_metrics()` lists the metric names the dashboard's PromQL selects; `exposed_series()`
reads the series names a `/metrics` page declares (its `# TYPE` lines, so labelled metrics that
have no sample yet count too).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DASHBOARD = Path("deploy/grafana/dashboards/jembatan.json")

_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
    "info": ("_info",),
}
_PROMQL_WORDS = set(
    [
        "sum",
        "avg",
        "min",
        "max",
        "count",
        "stddev",
        "stdvar",
        "topk",
        "bottomk",
        "quantile",
        "group",
        "count_values",
        "rate",
        "irate",
        "increase",
        "delta",
        "idelta",
        "deriv",
        "predict_linear",
        "resets",
        "changes",
        "histogram_quantile",
        "abs",
        "ceil",
        "floor",
        "round",
        "clamp",
        "clamp_min",
        "clamp_max",
        "vector",
        "scalar",
        "time",
        "timestamp",
        "absent",
        "absent_over_time",
        "label_replace",
        "label_join",
        "sort",
        "sort_desc",
        "avg_over_time",
        "min_over_time",
        "max_over_time",
        "sum_over_time",
        "count_over_time",
        "last_over_time",
        "quantile_over_time",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "and",
        "or",
        "unless",
        "bool",
        "offset",
    ]
)


def dashboard_queries(path: Path = DASHBOARD) -> list[str]:
    """Every PromQL expression in a Grafana dashboard, row panels' children included."""

    def walk(panels: list[dict[str, Any]]) -> list[str]:
        found = []
        for panel in panels:
            found += [t["expr"] for t in panel.get("targets", []) if t.get("expr")]
            found += walk(panel.get("panels", []))
        return found

    return walk(json.loads(path.read_text())["panels"])


def promql_metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (strings, matchers, ranges, groupings removed)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    tokens = re.findall(r"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*", expr)
    return {t for t in tokens if t not in _PROMQL_WORDS}


def dashboard_metrics(path: Path = DASHBOARD) -> set[str]:
    """Every metric name any query of the dashboard selects."""
    return {name for query in dashboard_queries(path) for name in promql_metric_names(query)}


def series_names(family: str, kind: str) -> set[str]:
    """The series a metric family of `kind` produces (`x` counter → `x_total`, `x_created`)."""
    base = family.removesuffix("_total") if kind == "counter" else family
    return {base + suffix for suffix in _SUFFIXES.get(kind, ("",))}


def exposed_series(exposition: str) -> set[str]:
    """Series names declared by a Prometheus text exposition (`# TYPE <name> <kind>` lines)."""
    names: set[str] = set()
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _, _, family, kind = line.split(maxsplit=3)
            names |= series_names(family, kind.strip())
    return names
