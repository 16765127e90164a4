"""The poster's settings (`JEMBATAN_*` environment variables)."""

from jembatan.accurate.budget import DEFAULT_RATE, KEPT_FREE
from jembatan.platform.settings import ServiceSettings
from pydantic import Field


class PosterSettings(ServiceSettings):
    service_name: str = "poster"
    http_port: int = 8103
    shift_grace_seconds: float = 600.0  # a shift window waits this long for missing facts, twice
    window_sweep_seconds: float = 30.0  # how often overdue shift windows are looked at
    # Of a database's 8 requests/s and 8 in flight, kept free for the mapper's and ingest's own calls.
    accurate_kept_free: int = Field(default=KEPT_FREE, ge=0, le=DEFAULT_RATE - 1)
