"""Fixtures for ingest: the real app served by uvicorn on a free port (real HTTP, real PostgreSQL).

Infrastructure fixtures (`kafka_bootstrap`, `postgres_url`, `unique_name`) come from the
`jembatan.devstack.pytest_plugin` plugin. Helpers shared by the test files live in
`ingest_support.py` and `ingest_fake_iseller.py` next to this file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ingest_support import IngestFactory, make_ingest_factory


@pytest.fixture
def ingest_factory(postgres_url: str, kafka_bootstrap: str, unique_name) -> IngestFactory:
    """`async with ingest_factory(**settings) as ingest:` runs a fresh ingest (own DB schema)."""
    return make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)
