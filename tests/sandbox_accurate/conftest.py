"""A real sandbox process for the whole session, and fresh databases per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jembatan.sandbox.accurate.testing import (
    SandboxApi,
    SandboxProcess,
    create_database,
    start_sandbox,
    stop_sandbox,
)

UNLIMITED = {"perSecond": 100_000, "inFlight": 10_000}


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxProcess]:
    running = start_sandbox("--seed-demo")
    try:
        yield running
    finally:
        stop_sandbox(running)


@pytest.fixture
def api(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    """A fresh single-branch database with two warehouses and no effective rate limit."""
    client = SandboxApi(sandbox, create_database(sandbox, alias="PT Uji", branches=["Pusat"],
                                                 warehouses=["Utama", "Cabang"]))
    client.admin("PUT", "/limits", UNLIMITED)
    yield client
    client.close()


@pytest.fixture
def multi_branch(sandbox: SandboxProcess) -> Iterator[SandboxApi]:
    client = SandboxApi(sandbox, create_database(sandbox, alias="PT Cabang", branches=["Kemang", "Depok"],
                                                 warehouses=["Kemang", "Depok"]))
    client.admin("PUT", "/limits", UNLIMITED)
    yield client
    client.close()
