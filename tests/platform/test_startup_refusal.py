"""An operator who starts a service with a setting it refuses reads one line per refused setting —
the variable, what is wrong, what is accepted — and the process exits 2: no traceback, and no
secret of the environment echoed (docs/operations.md, "Start-up: settings it refuses")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVICES = ["ingest", "mapper", "poster", "scheduler", "console"]
SHORT_TOKEN = "short-but-secret-Xq7"  # refused: fewer than 32 characters
DB_PASSWORD = "pw-Kz81-never-printed"  # it must never reach the output
REAL_KEY = "cmFuZG9tLWtleS1mb3ItdGhlLXN0YXJ0dXAtdGVzdCE="  # 32 varied bytes: accepted


def start(service: str, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m jembatan.<service>` with `env` on top of a clean JEMBATAN_* environment."""
    base = {name: value for name, value in os.environ.items() if not name.startswith("JEMBATAN_")}
    env = {
        "JEMBATAN_DATA_DIR": str(tmp_path),
        "JEMBATAN_KAFKA_BOOTSTRAP": "127.0.0.1:9",  # never reached: it must stop before
        "JEMBATAN_DATABASE_URL": f"postgresql://jembatan:{DB_PASSWORD}@127.0.0.1:9/jembatan",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", f"jembatan.{service}", *args], env={**base, **env}, cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def refused(started: subprocess.CompletedProcess[str], *secrets: str) -> list[str]:
    """The lines a refused start printed, after checking it was a clean refusal."""
    assert started.returncode == 2, started.stderr
    output = started.stdout + started.stderr
    assert "Traceback" not in output
    assert "ValidationError" not in output
    for secret in secrets:
        assert secret not in output
    return started.stderr.splitlines()


@pytest.mark.parametrize("service", SERVICES)
def test_a_short_admin_token_is_refused_in_one_line_without_echoing_it(service, tmp_path):
    started = start(
        service, tmp_path, JEMBATAN_ENVIRONMENT="production", JEMBATAN_ADMIN_TOKEN=SHORT_TOKEN,
        JEMBATAN_SECRET_KEY=REAL_KEY,
    )  # fmt: skip
    assert refused(started, SHORT_TOKEN, DB_PASSWORD, REAL_KEY) == [
        "JEMBATAN_ADMIN_TOKEN must be at least 32 characters (JEMBATAN_ENVIRONMENT=production); expected a "
        'random string of at least 32 characters: python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
    ]


def test_a_deployment_with_both_demo_secrets_reads_one_line_for_each(tmp_path):
    started = start("scheduler", tmp_path, JEMBATAN_ENVIRONMENT="production")
    lines = refused(started, DB_PASSWORD)
    assert len(lines) == 2
    assert lines[0].startswith(
        "JEMBATAN_ADMIN_TOKEN must be at least 32 characters (JEMBATAN_ENVIRONMENT=production)"
    )
    assert lines[1].startswith("JEMBATAN_SECRET_KEY is the public demo key (JEMBATAN_ENVIRONMENT=production)")
    assert all("; expected " in line for line in lines)


def test_a_lease_not_longer_than_a_call_is_refused_in_one_line(tmp_path):
    started = start(
        "poster", tmp_path, JEMBATAN_ENVIRONMENT="development", JEMBATAN_ADMIN_TOKEN=SHORT_TOKEN,
        JEMBATAN_SENDING_LEASE_SECONDS="20",
    )  # fmt: skip
    assert refused(started, SHORT_TOKEN, DB_PASSWORD) == [
        "JEMBATAN_SENDING_LEASE_SECONDS (20) must be longer than JEMBATAN_ACCURATE_TIMEOUT_SECONDS (30): "
        "another poster replica could take a tenant over while a call of the replica that held it is still out"
    ]


def test_malformed_plain_settings_are_named_with_what_was_given_and_what_is_accepted(tmp_path):
    started = start(
        "mapper", tmp_path, JEMBATAN_ENVIRONMENT="prod", JEMBATAN_HTTP_PORT="eighty", JEMBATAN_WORKERS="0",
        JEMBATAN_ADMIN_TOKEN=SHORT_TOKEN,
    )  # fmt: skip
    assert sorted(refused(started, SHORT_TOKEN, DB_PASSWORD)) == [
        "JEMBATAN_ENVIRONMENT: input should be 'development' or 'production' (got 'prod')",
        "JEMBATAN_HTTP_PORT: input should be a valid integer, unable to parse string as an integer (got 'eighty')",
        "JEMBATAN_WORKERS: input should be greater than or equal to 1 (got '0')",
    ]


def test_issuing_an_operator_token_with_a_refused_admin_token_says_so_in_one_line(tmp_path):
    started = start(
        "platform.operator_tokens", tmp_path, "issue", "--tenant", "t1", JEMBATAN_ENVIRONMENT="production",
        JEMBATAN_ADMIN_TOKEN=SHORT_TOKEN, JEMBATAN_SECRET_KEY=REAL_KEY,
    )  # fmt: skip
    assert started.stdout == ""  # no token issued
    [line] = refused(started, SHORT_TOKEN, REAL_KEY)
    assert line.startswith("JEMBATAN_ADMIN_TOKEN must be at least 32 characters")
