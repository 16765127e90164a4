"""The poster's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class PosterSettings(ServiceSettings):
    service_name: str = "poster"
    http_port: int = 8103
    shift_grace_seconds: float = 600.0  # a shift window waits this long for missing facts, twice
    window_sweep_seconds: float = 30.0  # how often overdue shift windows are looked at
