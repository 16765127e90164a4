"""The sandbox behaves like the real service where it used to be kinder: methods, moves, failures, numbers."""

from __future__ import annotations

import time

import httpx
import pytest
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess
from jembatan.sandbox.accurate.web.latency import Latency

ITEM = {"no": "SKU-R", "name": "Realistis", "itemType": "SERVICE"}


def test_a_save_sent_with_get_is_refused_with_405_and_nothing_is_saved(api: SandboxApi) -> None:
    refused = api.call("GET", "item/save.do", params=ITEM)
    assert refused.status_code == 405
    assert "not supported" in refused.text
    assert api.get("item/list.do", fields="no")["d"] == []


def test_a_list_sent_with_post_is_refused(api: SandboxApi) -> None:
    assert api.call("POST", "item/list.do", json={}).status_code == 405


def test_delete_takes_only_the_delete_method(api: SandboxApi) -> None:
    api.save("item", ITEM)
    assert api.call("GET", "item/delete.do", params={"no": "SKU-R"}).status_code == 405
    assert api.call("DELETE", "item/delete.do", params={"no": "SKU-R"}).json()["s"] is True


def test_wrong_method_can_be_answered_as_accurates_json_404(api: SandboxApi) -> None:
    api.admin("PUT", "/switches", {"wrongMethod": "404"})
    refused = api.call("GET", "item/save.do", params=ITEM)
    assert refused.status_code == 404 and refused.json() == {"s": False, "d": ["URL API tidak tepat"]}


def test_an_unknown_switch_form_is_refused(api: SandboxApi) -> None:
    with pytest.raises(httpx.HTTPStatusError):
        api.admin("PUT", "/switches", {"wrongMethod": "teapot"})


def test_a_moved_database_lives_on_another_origin_and_the_old_one_answers_308(api: SandboxApi) -> None:
    moved = api.admin("POST", "/move")
    new_host = moved["host"]
    assert new_host == api.sandbox.moved_data_url
    answer = api.call("GET", "item/list.do", params={"fields": "no"})
    assert answer.status_code == 308 and answer.headers["location"].startswith(new_host)
    served = api.http.get(f"{new_host}/accurate/api/item/list.do", params={"fields": "no"}, headers=api.headers())
    assert served.json()["s"] is True
    back = api.admin("POST", "/move")  # a second move brings it home
    assert back["host"] == api.sandbox.data_url


def test_seven_decimals_are_refused_by_default(api: SandboxApi) -> None:
    reply = api.post("item/save.do", {**ITEM, "unitPrice": "1000.1234567"})
    assert reply == {"s": False, "d": ['Invalid field value for field "unitPrice".']}


def test_seven_decimals_are_rounded_to_six_when_switched(api: SandboxApi) -> None:
    api.admin("PUT", "/switches", {"excessDecimals": "round"})
    saved = api.save("item", {**ITEM, "unitPrice": "1000.1234567"})
    assert str(saved["unitPrice"]) == "1000.123457"


def test_six_decimals_and_trailing_zeros_are_accepted(api: SandboxApi) -> None:
    saved = api.save("item", {**ITEM, "unitPrice": "1000.12345600"})
    assert str(saved["unitPrice"]).startswith("1000.123456")


def test_from_to_filters_are_ignored_silently(api: SandboxApi) -> None:
    api.save("customer", {"customerNo": "C1", "name": "Satu"})
    reply = api.get("customer/list.do", **{"fields": "customerNo", "filter.transDate.from": "01/01/2030",
                                          "filter.transDate.to": "02/01/2030"})
    assert reply["s"] is True and [r["customerNo"] for r in reply["d"]] == ["C1"]


def test_db_detail_with_an_unknown_id_answers_500(sandbox: SandboxProcess, api: SandboxApi) -> None:
    reply = api.http.get(f"{sandbox.account_url}/api/db-detail.do", params={"id": 987654}, headers=api.headers())
    assert reply.status_code == 500 and reply.json()["d"] == ["Data Usaha tidak tepat"]


def test_open_db_with_an_api_token_says_the_token_already_holds_the_session(sandbox: SandboxProcess,
                                                                           api: SandboxApi) -> None:
    reply = api.http.get(f"{sandbox.account_url}/api/open-db.do", params={"id": api.db_id}, headers=api.headers())
    body = reply.json()
    assert body["s"] is False and "sesi database" in body["d"][0] and "tidak perlu" in body["d"][0]


def test_a_server_error_fault_is_an_html_upsss_page(api: SandboxApi) -> None:
    api.admin("POST", "/faults", {"rules": [{"kind": "server_error", "path": "item/save.do", "status": 500}]})
    reply = api.call("POST", "item/save.do", json=ITEM)
    assert reply.status_code == 500 and reply.headers["content-type"].startswith("text/html")
    assert "Upsss" in reply.text and "Kode Referensi" in reply.text
    assert api.get("item/list.do", fields="no")["d"] == []


def test_a_json_upsss_fault_is_http_200_s_false(api: SandboxApi) -> None:
    api.admin("POST", "/faults", {"rules": [{"kind": "upsss_json"}]})
    reply = api.call("POST", "item/save.do", json=ITEM)
    assert reply.status_code == 200 and reply.json()["s"] is False and "Upsss" in reply.json()["d"][0]


def test_a_java_exception_fault_carries_the_exception_text(api: SandboxApi) -> None:
    api.admin("POST", "/faults", {"rules": [{"kind": "runtime_exception", "message": "java.lang.NullPointerException"}]})
    assert api.post("item/save.do", ITEM) == {"s": False, "d": ["java.lang.NullPointerException"]}


def test_a_200_rate_limit_form_says_request_per_detik(api: SandboxApi) -> None:
    api.admin("PUT", "/switches", {"rateLimitForm": "http200"})
    api.admin("POST", "/faults", {"rules": [{"kind": "rate_limit"}]})
    reply = api.call("GET", "item/list.do")
    assert reply.status_code == 200 and "request per detik" in reply.json()["d"][0]


def test_latency_model_is_seeded_and_stays_in_its_range() -> None:
    first, second = Latency.parse("100-500", seed=3), Latency.parse("100-500", seed=3)
    draws = [first.service() for _ in range(2000)]
    assert draws == [second.service() for _ in range(2000)]
    assert min(draws) >= 0.1 and max(draws) <= 0.5
    assert 0.2 < sum(draws) / len(draws) < 0.35  # mode 180 ms: most calls are quick, some slow


def test_latency_can_be_switched_on_at_run_time(sandbox: SandboxProcess, api: SandboxApi) -> None:
    url = f"{sandbox.account_url}/_sandbox/latency"
    httpx.put(url, json={"enabled": True, "lowMs": 150, "modeMs": 150, "highMs": 150, "arrivalJitterMs": 0})
    try:
        began = time.monotonic()
        api.get("item/list.do", fields="no")
        assert time.monotonic() - began >= 0.15
    finally:
        httpx.put(url, json={"enabled": False})
