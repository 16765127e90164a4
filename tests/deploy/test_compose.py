"""docker-compose.yml, Prometheus and Grafana agree with the code (checked without a Docker engine)."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from jembatan.devstack.dashboards import dashboard_queries, promql_metric_names, series_names
from jembatan.devstack.services import default_port, env_names, settings_env_names
from jembatan.platform.settings import ServiceSettings
from prometheus_client import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
PROMETHEUS = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "jembatan.json"
RULES = sorted((ROOT / "deploy" / "prometheus" / "rules").glob("*.yml"))
RULE_TESTS = sorted((ROOT / "deploy" / "prometheus" / "tests").glob("*.yml"))
OPERATIONS_DOC = ROOT / "docs" / "operations.md"
SECRETS = ("JEMBATAN_ADMIN_TOKEN", "JEMBATAN_SECRET_KEY", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD")


def module_of(service: dict[str, Any]) -> str | None:
    """`jembatan.x` when the container runs `python -m jembatan.x ...`."""
    command = service.get("command") or []
    command = command.split() if isinstance(command, str) else command
    return str(command[2]) if len(command) >= 3 and command[1] == "-m" else None


BUILT = {name: svc for name, svc in SERVICES.items() if "build" in svc}
DEPLOYED = {name: svc for name, svc in BUILT.items() if module_of(svc) == f"jembatan.{name}"}
REPO_SERVICES = {
    p.name
    for p in (ROOT / "services").iterdir()
    if (p / "src" / "jembatan" / p.name / "__main__.py").exists()
}
# The console owns no data and talks to no broker: it calls the others' admin APIs.
DATA_SERVICES = REPO_SERVICES - {"console"}


def listen_port(name: str) -> int:
    """The port the service listens on: `JEMBATAN_HTTP_PORT` if compose sets it, else its default."""
    port = DEPLOYED[name]["environment"].get("JEMBATAN_HTTP_PORT") or default_port(name)
    assert port is not None, f"{name} has no http_port setting"
    return int(port)


def test_every_container_built_from_the_repo_runs_a_module_that_exists() -> None:
    for name, service in BUILT.items():
        module = module_of(service)
        assert module, f"{name}: command is not `python -m <module>`"
        relative = Path(*module.split(".")) / "__main__.py"
        assert list(ROOT.glob(f"*/*/src/{relative}")), f"{name}: no {relative} in the repo"
        assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (ROOT / "deploy" / "Dockerfile").exists()


def test_exactly_the_services_in_the_repo_are_deployed() -> None:
    assert set(DEPLOYED) == REPO_SERVICES == {"console", "ingest", "mapper", "poster", "scheduler"}


def test_ingest_runs_two_replicas() -> None:
    assert SERVICES["ingest"]["deploy"]["replicas"] == 2


def test_poster_runs_two_replicas_on_a_host_port_each() -> None:
    assert SERVICES["poster"]["deploy"]["replicas"] == 2
    (ports,) = SERVICES["poster"]["ports"]
    first, last = ports.split(":")[1].split("-")
    assert int(last) - int(first) + 1 == 2


@pytest.mark.parametrize("name", sorted(REPO_SERVICES))
def test_every_jembatan_variable_set_is_one_the_service_settings_read(name: str) -> None:
    given = {key for key in DEPLOYED[name]["environment"] if key.startswith("JEMBATAN_")}
    assert given <= env_names(name), f"{name} ignores {sorted(given - env_names(name))}"


def test_the_topic_job_only_sets_variables_the_shared_settings_read() -> None:
    (job,) = [s for s in BUILT.values() if module_of(s) == "jembatan.devstack"]
    assert set(job["environment"]) <= settings_env_names(ServiceSettings)
    assert job["depends_on"]["kafka"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", sorted(REPO_SERVICES))
def test_every_published_port_is_the_port_the_service_listens_on(name: str) -> None:
    published = container_ports(DEPLOYED[name])
    assert published and all(port == listen_port(name) for port in published)


@pytest.mark.parametrize("name", sorted(DATA_SERVICES))
def test_each_service_uses_its_own_schema_on_postgres_and_idempotent_real_kafka(name: str) -> None:
    env = DEPLOYED[name]["environment"]
    assert env["JEMBATAN_DB_SCHEMA"] == name
    assert (
        env["JEMBATAN_DATABASE_URL"].startswith("postgresql+asyncpg://")
        and "@postgres:5432/" in env["JEMBATAN_DATABASE_URL"]
    )
    assert (env["JEMBATAN_KAFKA_BOOTSTRAP"], env["JEMBATAN_KAFKA_IDEMPOTENT"]) == ("kafka:9092", "true")
    assert env["JEMBATAN_ENVIRONMENT"] == "production"
    assert DEPLOYED[name]["depends_on"]["topic-init"]["condition"] == "service_completed_successfully"


def test_kafka_is_apache_kafka_in_kraft_mode() -> None:
    kafka = SERVICES["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert kafka["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://kafka:9092"


def test_no_secret_has_a_usable_default() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for name in SECRETS:
        uses = re.findall(rf"\$\{{{name}([^}}]*)\}}", text)
        assert uses and all(use.startswith(":?") for use in uses), (
            f"{name} must be required: ${{{name}:?...}}"
        )
    example = (ROOT / "deploy" / "env.example").read_text()
    assert all(re.search(rf"^{name}=$", example, re.M) for name in SECRETS)


def test_prometheus_scrapes_exactly_the_deployed_services_on_their_ports() -> None:
    expected = {(name, listen_port(name)) for name in DATA_SERVICES}
    assert scrape_targets() == expected
    assert {job["job_name"] for job in PROMETHEUS["scrape_configs"]} == DATA_SERVICES


def test_grafana_is_provisioned_with_the_prometheus_datasource_and_the_dashboard() -> None:
    provisioning = ROOT / "deploy" / "grafana" / "provisioning"
    (source,) = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())["datasources"]
    assert source["url"] == "http://prometheus:9090"
    (provider,) = yaml.safe_load((provisioning / "dashboards" / "jembatan.yml").read_text())["providers"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in SERVICES["grafana"]["volumes"] if v.startswith("./")}
    assert mounts[provider["options"]["path"]] == "./deploy/grafana/dashboards"
    uids = {t["datasource"]["uid"] for t in _panels(json.loads(DASHBOARD.read_text())) if "datasource" in t}
    assert uids == {source["uid"]}


def test_every_dashboard_query_names_a_metric_the_services_export() -> None:
    exported = exported_series()
    queries = dashboard_queries(DASHBOARD)
    assert queries
    for query in queries:
        names = promql_metric_names(query)
        assert names, f"selects no metric: {query}"
        assert names <= exported, f"not exported: {sorted(names - exported)} in {query}"


def test_every_alert_rule_names_only_metrics_the_services_export() -> None:
    exported = exported_series()
    for rule in alert_rules():
        names = {n for n in rule_metric_names(rule["expr"]) if n != "up"}  # `up`: Prometheus' own
        assert names <= exported, f"{rule['alert']}: not exported: {sorted(names - exported)}"


def test_every_alert_has_a_runbook_section_in_the_operations_doc() -> None:
    doc = OPERATIONS_DOC.read_text()
    for rule in alert_rules():
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        assert anchor == rule["alert"].lower()
        assert re.search(rf"^#+ {rule['alert']}\b", doc, re.M), f"docs/operations.md has no {rule['alert']}"


def test_prometheus_loads_the_rules_compose_mounts() -> None:
    mounts = {
        v.split(":")[0]: v.split(":")[1] for v in SERVICES["prometheus"]["volumes"] if v.startswith("./")
    }
    assert mounts["./deploy/prometheus/rules"] == "/etc/prometheus/rules"
    assert PROMETHEUS["rule_files"] == ["/etc/prometheus/rules/*.yml"]


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (Debian: prometheus)")
def test_the_alert_rules_pass_promtool_check_and_their_unit_tests() -> None:
    assert RULES and RULE_TESTS
    for args in (["check", "rules", *RULES], ["test", "rules", *RULE_TESTS]):
        done = subprocess.run(["promtool", *map(str, args)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(DATA_SERVICES))
def test_compose_counts_a_service_healthy_only_while_readyz_answers(name: str) -> None:
    check = DEPLOYED[name]["healthcheck"]["test"]
    assert check[0] == "CMD" and "/readyz" in " ".join(check)
    assert "JEMBATAN_HTTP_PORT" in " ".join(check) and "JEMBATAN_HTTP_PORT" in DEPLOYED[name]["environment"]


def test_the_dashboard_offers_tenant_and_outlet_selectors_fed_by_an_exported_metric() -> None:
    variables = {v["name"]: v for v in json.loads(DASHBOARD.read_text())["templating"]["list"]}
    assert set(variables) == {"tenant", "outlet"}
    exported = exported_series()
    for variable in variables.values():
        assert variable["includeAll"] and variable["allValue"] == ".*"
        source = re.fullmatch(r"label_values\((.+), (\w+)\)", variable["query"]["query"])
        assert source and source.group(2) == variable["name"]
        assert promql_metric_names(source.group(1)) <= exported
    assert "$tenant" in variables["outlet"]["query"]["query"]


def test_every_query_about_a_tenants_activity_is_filtered_by_the_selected_tenant() -> None:
    rows = dashboard_rows(json.loads(DASHBOARD.read_text()))
    assert set(rows) >= {"tenant", "shared"}
    for query in rows["tenant"]:
        assert 'tenant=~"$tenant"' in query, query
    for query in rows["shared"]:  # relays, consumers and the lease are not any one tenant's
        assert "$tenant" not in query


def test_the_query_parser_finds_metrics_and_ignores_functions_labels_and_ranges() -> None:
    query = 'histogram_quantile(0.95, sum by (le) (rate(a_seconds_bucket{job="x"}[5m]))) or vector(0) + b'
    assert promql_metric_names(query) == {"a_seconds_bucket", "b"}


# --- reading the files ---------------------------------------------------------------------------


def container_ports(service: dict[str, Any]) -> list[int]:
    """The container side of every `ports:` entry (`[ip:]host[-range]:container[/proto]`)."""
    targets = [
        e.get("target") if isinstance(e, dict) else str(e).rsplit(":", 1)[-1]
        for e in service.get("ports", [])
    ]
    return [int(str(t).split("/")[0]) for t in targets]


def scrape_targets() -> set[tuple[str, int]]:
    """(host, port) pairs Prometheus scrapes, from static and DNS service-discovery configs."""
    targets = set()
    for job in PROMETHEUS["scrape_configs"]:
        for static in job.get("static_configs", []):
            targets |= {(t.rsplit(":", 1)[0], int(t.rsplit(":", 1)[1])) for t in static["targets"]}
        for dns in job.get("dns_sd_configs", []):
            targets |= {(name, int(dns["port"])) for name in dns["names"]}
    return targets


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Every query target of every panel, row panels' children included."""

    def walk(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [t for p in panels for t in [*p.get("targets", []), *walk(p.get("panels", []))]]

    return walk(dashboard["panels"])


def alert_rules() -> list[dict[str, Any]]:
    rules = [r for path in RULES for g in yaml.safe_load(path.read_text())["groups"] for r in g["rules"]]
    assert rules, "no alert rules in deploy/prometheus/rules"
    return rules


def rule_metric_names(expr: str) -> set[str]:
    """Metric names an alert expression selects: groupings first, then calls such as `hour()`."""
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\b[a-z_]+\s*\(", "(", expr)
    return promql_metric_names(expr)


def dashboard_rows(dashboard: dict[str, Any]) -> dict[str, list[str]]:
    """Queries under rows whose title starts with "Tenant" (→ "tenant") or "Shared" (→ "shared")."""
    rows: dict[str, list[str]] = {}
    current = "none"
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            current = panel["title"].split()[0].lower()
            continue
        rows.setdefault(current, []).extend(t["expr"] for t in panel.get("targets", []))
    return rows


def exported_series() -> set[str]:
    """`jembatan_*` series the code defines: import each service/library module using prometheus_client.

    (Not every module: two services' SQLModel tables cannot be imported into one process.)
    """
    sources = [*ROOT.glob("libs/*/src/jembatan/**/*.py"), *ROOT.glob("services/*/src/jembatan/**/*.py")]
    for source in sorted(sources):
        skip = {"devstack", "migrations", "__main__.py"} & set(source.parts)
        if skip or "prometheus_client" not in source.read_text():
            continue
        src = next(p for p in source.parents if p.name == "src")
        importlib.import_module(".".join(source.relative_to(src).with_suffix("").parts))
    families = {(f.name, f.type) for f in REGISTRY.collect()}
    return {n for name, kind in families for n in series_names(name, kind) if n.startswith("jembatan_")}
