"""The command line: `serve` says where it listens; `send` posts signed webhooks and writes the truth."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from jembatan.contracts.iseller.signature import verify

MODULE = [sys.executable, "-m", "jembatan.sandbox.iseller"]


@pytest.mark.slow
def test_serve_prints_ready_and_answers() -> None:
    process = subprocess.Popen(
        [*MODULE, "serve", "--port", "0", "--seed", "7", "--date", "2026-11-25"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        assert ready["event"] == "ready" and ready["url"].startswith("http://127.0.0.1:")
        token = httpx.post(
            f"{ready['url']}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "test-client",
                "client_secret": "test-secret",
            },
        ).json()
        answer = httpx.post(
            f"{ready['url']}/api/v2/GetStoreInfo",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert answer.json()["status"] is True
    finally:
        process.terminate()
        process.wait(timeout=10)


class _Inbox(BaseHTTPRequestHandler):
    received: list[tuple[str, bool]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            verify(
                "test-api-key",
                body,
                self.headers["Timestamp"],
                self.headers["Signature"],
                now=datetime.now(UTC),
            )
            ok = True
        except Exception:
            ok = False
        self.received.append((self.path, ok))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def inbox() -> Iterator[str]:
    _Inbox.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Inbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.slow
def test_send_posts_signed_webhooks_and_writes_truth_and_drops(inbox: str, tmp_path: Path) -> None:
    truth, report = tmp_path / "truth.json", tmp_path / "report.json"
    result = subprocess.run(
        [
            *MODULE,
            "send",
            "--target",
            inbox,
            "--tenant",
            "demo",
            "--api-key",
            "test-api-key",
            "--seed",
            "7",
            "--date",
            "2026-11-25",
            "--drop-rate",
            "0.1",
            "--duplicate-rate",
            "0.1",
            "--truth",
            str(truth),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["sent"] == len(_Inbox.received) and summary["failures"] == []
    assert all(ok for _, ok in _Inbox.received)
    assert all(path.startswith("/webhooks/iseller/demo/") for path, _ in _Inbox.received)
    assert summary["dropped"] and json.loads(report.read_text())["dropped"] == summary["dropped"]
    assert json.loads(truth.read_text())["seed"] == 7
