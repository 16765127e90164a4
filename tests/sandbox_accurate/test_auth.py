"""API-token signing, OAuth with sessions, scopes, and Accurate's auth error replies."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, sign
from jembatan.sandbox.accurate.web.signature import parse_api_timestamp, sign_base64, signature_matches

VECTOR_SECRET = "31d49b3dc632614495ff8071e5be44a1"
VECTOR_TIMESTAMP = "02/11/2023 09:01:01"
VECTOR_SIGNATURE = "8NxvylwwMcjGyzVXK0qbwNvFFuzHpwE9tECllVwLkbo="


def test_official_signature_vector_verifies() -> None:
    assert sign_base64(VECTOR_SECRET, VECTOR_TIMESTAMP) == VECTOR_SIGNATURE
    assert signature_matches(VECTOR_SECRET, VECTOR_TIMESTAMP, VECTOR_SIGNATURE)
    hex_signature = hmac.new(VECTOR_SECRET.encode(), VECTOR_TIMESTAMP.encode(), hashlib.sha256).hexdigest()
    assert signature_matches(VECTOR_SECRET, VECTOR_TIMESTAMP, hex_signature.upper())


def test_every_documented_timestamp_format_parses() -> None:
    wib = timezone(timedelta(hours=7))
    assert parse_api_timestamp("25/12/2023 13:42:39") == datetime(2023, 12, 25, 13, 42, 39, tzinfo=wib)
    assert parse_api_timestamp("2023-11-02T09:32:43Z") == datetime(2023, 11, 2, 9, 32, 43, tzinfo=UTC)
    assert parse_api_timestamp("1735117359") == datetime.fromtimestamp(1735117359, UTC)
    assert parse_api_timestamp("1735117359000") == datetime.fromtimestamp(1735117359, UTC)
    assert parse_api_timestamp("kemarin") is None


def _call(api: SandboxApi, headers: dict[str, str]) -> httpx.Response:
    return api.http.get(f"{api.sandbox.data_url}/accurate/api/customer/list.do", headers=headers)


@pytest.mark.parametrize("form", ["unix_s", "unix_ms", "iso", "wib", "hex"])
def test_data_calls_accept_each_timestamp_and_encoding(api: SandboxApi, form: str) -> None:
    now = datetime.now(UTC)
    timestamp = {"unix_s": str(int(now.timestamp())), "unix_ms": str(int(now.timestamp() * 1000)),
                 "iso": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "hex": str(int(now.timestamp())),
                 "wib": now.astimezone(timezone(timedelta(hours=7))).strftime("%d/%m/%Y %H:%M:%S")}[form]
    secret = api.creds["signatureSecret"]
    signature = (hmac.new(secret.encode(), timestamp.encode(), hashlib.sha256).hexdigest() if form == "hex"
                 else sign(secret, timestamp))
    reply = _call(api, {"Authorization": f"Bearer {api.creds['apiToken']}", "X-Api-Timestamp": timestamp,
                        "X-Api-Signature": signature})
    assert reply.status_code == 200 and reply.json()["s"] is True


def test_header_errors_use_the_pdf_messages(api: SandboxApi) -> None:
    token = {"Authorization": f"Bearer {api.creds['apiToken']}"}
    now = str(int(time.time()))
    old = str(int(time.time()) - 601)
    cases = [
        ({}, {"error": "unauthorized", "error_description": "Unauthorized"}),
        (token, {"s": False, "d": ["Header X-Api-Timestamp is required"]}),
        ({**token, "X-Api-Timestamp": now}, {"s": False, "d": ["Header X-Api-Signature is required"]}),
        ({**token, "X-Api-Timestamp": "x", "X-Api-Signature": "y"}, {"s": False, "d": ["Header X-Api-Timestamp invalid"]}),
        ({**token, "X-Api-Timestamp": now, "X-Api-Signature": "abc"}, {"s": False, "d": ["Header X-Api-Signature invalid"]}),
    ]
    for headers, expected in cases:
        reply = _call(api, headers)
        assert (reply.status_code, reply.json()) == (401, expected)
    stale = _call(api, {**token, "X-Api-Timestamp": old, "X-Api-Signature": sign(api.creds["signatureSecret"], old)})
    assert stale.status_code == 401 and "difference more than 600 seconds" in stale.json()["d"][0]
    revoked = _call(api, {**api.headers(), "Authorization": "Bearer aat.bogus.token.e30="})
    assert (revoked.status_code, revoked.json()["error"]) == (401, "invalid_token")


def test_signature_of_another_app_names_the_required_app(api: SandboxApi) -> None:
    other = httpx.post(f"{api.sandbox.account_url}/_sandbox/apps", json={"name": "Lain"}).json()
    timestamp = str(int(time.time()))
    reply = _call(api, {"Authorization": f"Bearer {api.creds['apiToken']}", "X-Api-Timestamp": timestamp,
                        "X-Api-Signature": sign(other["signature_secret"], timestamp)})
    assert reply.json() == {"s": False, "d": ["Header X-Api-Signature invalid: Require Application 'Jembatan' signature"]}


def test_api_token_cannot_open_db(api: SandboxApi) -> None:
    reply = api.http.get(f"{api.sandbox.account_url}/api/open-db.do", params={"id": api.db_id},
                         headers=api.headers()).json()
    assert reply["s"] is False and "open-db" in reply["d"][0]


def oauth_login(sandbox: SandboxProcess, user: str, scopes: list[str], approve: list[str] | None = None) -> dict:
    app = httpx.get(f"{sandbox.account_url}/_sandbox/apps").json()[0]
    redirect = "http://127.0.0.1/callback"
    page = httpx.get(f"{sandbox.account_url}/oauth/authorize", params={
        "client_id": app["client_id"], "response_type": "code", "redirect_uri": redirect,
        "scope": " ".join(scopes), "state": "xyz"})
    assert page.status_code == 200 and "<form" in page.text
    form = {"client_id": app["client_id"], "redirect_uri": redirect, "response_type": "code", "state": "xyz",
            "user": user, "decision": "allow", "approve": scopes if approve is None else approve}
    consent = httpx.post(f"{sandbox.account_url}/oauth/authorize", data=form)
    assert consent.status_code == 302
    query = parse_qs(urlparse(consent.headers["location"]).query)
    assert query["state"] == ["xyz"]
    basic = httpx.BasicAuth(app["client_id"], app["client_secret"])
    token = httpx.post(f"{sandbox.account_url}/oauth/token", auth=basic, data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": redirect})
    assert token.status_code == 200, token.text
    return {**token.json(), "basic": basic}


def test_oauth_code_flow_open_db_session_and_refresh(sandbox: SandboxProcess) -> None:
    creds = httpx.post(f"{sandbox.account_url}/_sandbox/databases",
                       json={"alias": "PT OAuth", "user": "owner@oauth.test"}).json()
    grant = oauth_login(sandbox, "owner@oauth.test", ["customer_view", "customer_save"])
    bearer = {"Authorization": f"Bearer {grant['access_token']}"}
    dbs = httpx.get(f"{sandbox.account_url}/api/db-list.do", headers=bearer).json()
    assert [db["id"] for db in dbs["d"]] == [creds["id"]]
    opened = httpx.get(f"{sandbox.account_url}/api/open-db.do", params={"id": creds["id"]}, headers=bearer).json()
    assert opened["s"] is True and opened["host"] == sandbox.data_url and opened["session"]
    data = {**bearer, "X-Session-ID": opened["session"]}
    listed = httpx.get(f"{opened['host']}/accurate/api/customer/list.do", headers=data)
    assert listed.json()["s"] is True
    forbidden = httpx.get(f"{opened['host']}/accurate/api/item/list.do", headers=data)
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "insufficient_scope"
    no_session = httpx.get(f"{opened['host']}/accurate/api/customer/list.do", headers=bearer)
    assert (no_session.status_code, no_session.json()) == (401, {"s": False, "d": ["Data Session Key tidak tepat"]})
    check = httpx.get(f"{sandbox.account_url}/api/db-check-session.do", params={"session": opened["session"]},
                      headers=bearer).json()
    assert check == {"s": True, "d": True}
    httpx.post(f"{sandbox.account_url}/_sandbox/expire", json={"session": opened["session"]})
    expired = httpx.get(f"{opened['host']}/accurate/api/customer/list.do", headers=data)
    assert (expired.status_code, expired.json()["d"]) == (401, ["Data Session Key tidak tepat"])
    refreshed = httpx.post(f"{sandbox.account_url}/oauth/token", auth=grant["basic"],
                           data={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]}).json()
    assert refreshed["access_token"] != grant["access_token"]
    old = httpx.get(f"{sandbox.account_url}/api/db-list.do", headers=bearer)
    assert (old.status_code, old.json()) == (401, {"error": "invalid_token"})


def test_partial_consent_limits_scopes(sandbox: SandboxProcess) -> None:
    httpx.post(f"{sandbox.account_url}/_sandbox/databases", json={"alias": "PT Scope", "user": "scope@x.test"})
    grant = oauth_login(sandbox, "scope@x.test", ["item_view", "item_save"], approve=["item_view"])
    approved = httpx.get(f"{sandbox.account_url}/api/approved-scope.do",
                         headers={"Authorization": f"Bearer {grant['access_token']}"}).json()
    assert approved["d"] == ["item_view"]


def test_a_moved_database_answers_308_to_its_new_host(api: SandboxApi) -> None:
    moved = api.admin("POST", "/move")
    assert moved["host"] == api.sandbox.moved_data_url != api.sandbox.data_url  # another origin
    old = api.call("POST", "customer/save.do", json={"customerNo": "C1", "name": "X"})
    assert old.status_code == 308
    assert old.headers["location"] == f"{moved['host']}/accurate/api/customer/save.do"
    followed = api.http.post(old.headers["location"], json={"customerNo": "C1", "name": "X"}, headers=api.headers())
    assert followed.json()["s"] is True
    discovery = api.http.get(f"{api.sandbox.account_url}/api/api-token.do", headers=api.headers()).json()
    assert discovery["d"]["database"]["host"] == moved["host"]
