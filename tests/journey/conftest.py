"""A whole stack for the journey tests (as tests/e2e): broker, Accurate sandbox, the four services
and the console."""

import pytest
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.devstack.services import SERVICES


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    async with start_stack(
        tmp_path_factory.mktemp("stack"),
        services=[*SERVICES, "console"],
        database_url=postgres_url,
        schema_prefix=unique_name("journey"),
    ) as running:
        yield running
