"""8 requests per second and 8 in flight per database; deterministic fault injection."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, create_database


@pytest.fixture
def limited(sandbox: SandboxProcess) -> SandboxApi:
    """A database with Accurate's default budget (8 req/s, 8 in flight)."""
    return SandboxApi(sandbox, create_database(sandbox, alias="PT Terbatas"))


def test_more_than_8_requests_in_a_second_are_refused(limited: SandboxApi) -> None:
    started = time.monotonic()
    replies = [limited.call("GET", "customer/list.do") for _ in range(20)]
    assert time.monotonic() - started < 1.0
    statuses = [r.status_code for r in replies]
    assert statuses[:8] == [200] * 8
    refused = [r for r in replies if r.status_code == 429]
    assert len(refused) == 12
    assert "request per detik" in refused[0].json()["d"][0] and refused[0].json()["s"] is False
    time.sleep(1.05)
    assert limited.call("GET", "customer/list.do").status_code == 200


def test_more_than_8_in_flight_are_refused(limited: SandboxApi) -> None:
    limited.admin("PUT", "/limits", {"perSecond": 1000})
    limited.admin("POST", "/faults", {"rules": [{"kind": "latency", "latencyMs": 600, "count": 12}]})
    with ThreadPoolExecutor(12) as pool:
        replies = list(pool.map(lambda _: limited.call("GET", "customer/list.do"), range(12)))
    statuses = sorted(r.status_code for r in replies)
    assert statuses.count(200) == 8 and statuses.count(429) == 4


def test_rate_limit_status_is_configurable_to_200(limited: SandboxApi) -> None:
    limited.admin("PUT", "/limits", {"perSecond": 1, "status": 200})
    limited.call("GET", "customer/list.do")
    reply = limited.call("GET", "customer/list.do")
    assert reply.status_code == 200 and reply.json()["s"] is False
    assert "request per detik" in reply.json()["d"][0]


def _seed_sale(api: SandboxApi) -> dict[str, object]:
    api.save("customer", {"customerNo": "C1", "name": "Umum"})
    api.save("item", {"no": "S", "name": "Jasa", "itemType": "SERVICE"})
    return {"customerNo": "C1", "number": "POS-DROP-1", "detailItem": [{"itemNo": "S", "unitPrice": 5000}]}


def test_commit_then_drop_saves_the_invoice_but_cuts_the_connection(api: SandboxApi) -> None:
    body = _seed_sale(api)
    api.admin("POST", "/faults", {"rules": [{"kind": "commit_then_drop", "path": "sales-invoice/save.do", "count": 1}]})
    with pytest.raises(httpx.TransportError):
        api.call("POST", "sales-invoice/save.do", json=body)
    found = api.get("sales-invoice/detail.do", number="POS-DROP-1")
    assert found["s"] is True and found["d"]["totalAmount"] == 5000
    retry = api.post("sales-invoice/save.do", body)
    assert retry == {"s": False, "d": ['Sudah ada data lain dengan No Faktur "POS-DROP-1"']}
    assert api.admin("GET", "/faults")["log"] == [{"call": 1, "path": "sales-invoice/save.do",
                                                   "kind": "commit_then_drop"}]


def test_drop_before_commit_saves_nothing(api: SandboxApi) -> None:
    body = _seed_sale(api)
    api.admin("POST", "/faults", {"rules": [{"kind": "drop", "path": "sales-invoice/*", "count": 1}]})
    with pytest.raises(httpx.TransportError):
        api.call("POST", "sales-invoice/save.do", json=body)
    assert api.get("sales-invoice/detail.do", number="POS-DROP-1")["s"] is False


def test_server_errors_and_runtime_exceptions(api: SandboxApi) -> None:
    api.admin("POST", "/faults", {"rules": [{"kind": "server_error", "status": 502, "count": 1},
                                            {"kind": "runtime_exception", "count": 1, "skip": 1}]})
    assert api.call("GET", "customer/list.do").status_code == 502
    assert api.call("GET", "customer/list.do").json() == {"s": False, "d": ["java.lang.RuntimeException"]}
    assert api.call("GET", "customer/list.do").json()["s"] is True


def test_seeded_fault_rates_are_reproducible(api: SandboxApi) -> None:
    def run() -> list[int]:
        api.admin("POST", "/faults", {"seed": 7, "rules": [{"kind": "server_error", "rate": 0.3}]})
        return [api.call("GET", "customer/list.do").status_code for _ in range(30)]

    first, second = run(), run()
    assert first == second and 503 in first and 200 in first


def test_reset_empties_a_database_but_keeps_its_credentials(api: SandboxApi) -> None:
    _seed_sale(api)
    api.admin("POST", "/reset")
    assert api.get("customer/list.do")["sp"]["rowCount"] == 0
    assert api.get("glaccount/list.do")["sp"]["rowCount"] > 30
