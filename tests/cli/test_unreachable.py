"""Without any service: a wrong URL or a missing token is one readable line, never a traceback."""

from jembatan.devstack.ports import free_port

from .conftest import run_cli


def test_a_wrong_url_prints_one_readable_line_and_exits_3():
    url = f"http://127.0.0.1:{free_port()}"
    ran = run_cli("parked", "list", "toko-1", env={"JEMBATAN_ADMIN_TOKEN": "t", "JEMBATAN_MAPPER_URL": url})
    assert ran.code == 3
    assert ran.err.strip() == f"cannot reach the mapper service at {url} (nothing answers there)"


def test_a_url_that_is_not_http_says_so():
    ran = run_cli("--mapper-url", "mapper:8102", "parked", "list", "toko-1", env={"JEMBATAN_ADMIN_TOKEN": "t"})
    assert ran.code == 3 and "not a valid http(s) URL" in ran.err and "Traceback" not in ran.err


def test_without_a_token_it_says_where_to_give_one():
    ran = run_cli("parked", "list", "toko-1")
    assert ran.code == 2 and "JEMBATAN_ADMIN_TOKEN" in ran.err
