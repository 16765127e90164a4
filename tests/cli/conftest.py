"""The `jembatan` CLI run as a person runs it (a process), against a real stack of the four services."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.devstack.services import ServiceSpec

STORE_DAY = "2026-11-25"  # the day the stack's iSeller simulator serves


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Ran:
    """`jembatan ARGS` in a fresh process with only the JEMBATAN_* variables given in `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JEMBATAN_")}
    clean |= {"COLUMNS": "200", "NO_COLOR": "1"} | (env or {})
    done = subprocess.run([sys.executable, "-m", "jembatan.cli", *args], capture_output=True, text=True,
                          env=clean, timeout=timeout)  # fmt: skip
    return Ran(done.returncode, done.stdout, done.stderr)


# Accurate's 8 requests/s per database split 4 + 4 instead of the poster's 7 + everyone else's 1
# (docs/posting-sender.md, "One budget"): here the mapper's checks and master-data reads are what a verb
# waits for, and the poster has next to nothing to send. The sum stays 8: the sandbox refuses nothing.
EVEN_SPLIT = [
    "ingest",
    ServiceSpec("mapper", env={"JEMBATAN_ACCURATE_SHARE": "4"}),
    ServiceSpec("poster", env={"JEMBATAN_ACCURATE_KEPT_FREE": "4"}),
    "scheduler",
]


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    async with start_stack(
        tmp_path_factory.mktemp("cli-stack"),
        services=EVEN_SPLIT,
        iseller=True,
        iseller_date=STORE_DAY,
        database_url=postgres_url,
        schema_prefix=unique_name("cli"),
    ) as running:
        yield running


@pytest.fixture(scope="module")
def stack_env(stack) -> dict[str, str]:
    return {"JEMBATAN_ADMIN_TOKEN": stack.admin_token,
            **{f"JEMBATAN_{name.upper()}_URL": url for name, url in stack.urls.items() if "." not in name}}  # fmt: skip


@pytest.fixture
def jembatan(stack_env):
    """`jembatan("tenants", "create", ...)` against the stack, with its token and URLs in the environment."""
    return lambda *args, **env: run_cli(*args, env=stack_env | env)


@pytest.fixture
def write_json(tmp_path):
    def write(name: str, value) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(value))
        return path

    return write
