"""Security tests: the helpers of the ingest tests (real app over real HTTP on real PostgreSQL)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "ingest"))
sys.path.insert(0, str(Path(__file__).parent))

from ingest_support import IngestFactory, make_ingest_factory


@pytest.fixture
def ingest_factory(postgres_url: str, kafka_bootstrap: str, unique_name) -> IngestFactory:
    """`async with ingest_factory(**settings) as ingest:` runs a fresh ingest (own DB schema)."""
    return make_ingest_factory(postgres_url, kafka_bootstrap, unique_name)
