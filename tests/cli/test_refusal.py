"""A service's refusal in words, whatever shape FastAPI gave it."""

import json

from jembatan.cli.refusal import refusal_from


def test_a_plain_detail_is_the_message():
    refusal = refusal_from("mapper", 409, json.dumps({"detail": "connect the tenant to Accurate first"}))
    assert refusal.message == "connect the tenant to Accurate first" and refusal.problems == []


def test_a_refused_mapping_lists_each_problem():
    body = {"detail": {"message": "the mapping was not saved", "problems": ["branch 'X' does not exist"]}}
    refusal = refusal_from("mapper", 422, json.dumps(body))
    assert str(refusal) == "mapper refused (HTTP 422): the mapping was not saved\n  - branch 'X' does not exist"


def test_a_request_that_did_not_validate_names_the_field():
    body = {"detail": [{"loc": ["body", "snapshot", "branch_name"], "msg": "Field required"}]}
    assert refusal_from("mapper", 422, json.dumps(body)).problems == ["snapshot.branch_name: Field required"]


def test_a_wrong_token_says_to_check_the_token():
    assert "admin token was not accepted" in refusal_from("poster", 401, '{"detail":"x"}').message


def test_a_server_failure_without_json_points_to_the_services_log():
    assert refusal_from("mapper", 500, "Internal Server Error").message == "the mapper service failed; its log says why"
