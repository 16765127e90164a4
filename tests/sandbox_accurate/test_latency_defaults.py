"""Where the sandbox's latency is on: the demo stack (realistic), tests (small or off), always overridable."""

from __future__ import annotations

import pytest
from jembatan.devstack.sandboxes import DEMO_LATENCY, TEST_LATENCY, accurate_argv, accurate_latency
from jembatan.sandbox.accurate.__main__ import parse

PORTS = {"account": 1, "data": 2}


def test_the_sandbox_cli_starts_with_realistic_latency_unless_told_otherwise() -> None:
    assert parse(["--account-port", "1", "--data-port", "2"]).latency == "100-180-500"
    assert parse(["--account-port", "1", "--data-port", "2", "--latency", "off"]).latency == "off"


def test_a_stack_started_under_pytest_uses_the_small_test_latency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JEMBATAN_ACCURATE_LATENCY", raising=False)
    assert accurate_latency() == TEST_LATENCY
    argv = list(accurate_argv(seed_demo=True)(PORTS))
    assert argv[argv.index("--latency") + 1] == TEST_LATENCY


def test_a_stack_started_outside_pytest_uses_the_realistic_latency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JEMBATAN_ACCURATE_LATENCY", raising=False)
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    assert accurate_latency() == DEMO_LATENCY


def test_the_environment_variable_overrides_the_latency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEMBATAN_ACCURATE_LATENCY", "off")
    argv = list(accurate_argv(seed_demo=False)(PORTS))
    assert argv[argv.index("--latency") + 1] == "off"
