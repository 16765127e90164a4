"""The sandbox runs as its own process: ready line, demo database, clean shutdown."""

from __future__ import annotations

import httpx
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, start_sandbox, stop_sandbox


def test_both_hosts_answer_unknown_paths_as_accurate_does(sandbox: SandboxProcess) -> None:
    assert httpx.get(f"{sandbox.account_url}/api/nothing.do").status_code == 404
    reply = httpx.get(f"{sandbox.data_url}/accurate/api/nothing/list.do")
    assert reply.status_code == 404
    assert reply.json() == {"s": False, "d": ["URL API tidak tepat"]}


def test_demo_database_credentials_discover_the_data_host(sandbox: SandboxProcess) -> None:
    listed = httpx.get(f"{sandbox.account_url}/_sandbox/databases").json()
    demo = next(db for db in listed if db["id"] == 1001)
    assert demo["apiToken"].startswith("aat.")
    assert demo["branches"] == ["Outlet Kemang", "Outlet Bintaro"]
    client = SandboxApi(sandbox, demo)
    reply = client.http.get(f"{sandbox.account_url}/api/api-token.do", headers=client.headers()).json()
    assert reply["s"] is True
    assert reply["d"]["database"]["id"] == 1001
    assert reply["d"]["database"]["host"] == sandbox.data_url


def test_demo_credentials_are_identical_across_runs_and_sigterm_exits_cleanly() -> None:
    first, second = start_sandbox("--seed-demo"), start_sandbox("--seed-demo")
    try:
        a = httpx.get(f"{first.account_url}/_sandbox/databases/1001").json()
        b = httpx.get(f"{second.account_url}/_sandbox/databases/1001").json()
        assert (a["apiToken"], a["signatureSecret"]) == (b["apiToken"], b["signatureSecret"])
    finally:
        assert stop_sandbox(first) == 0
        assert stop_sandbox(second) == 0
