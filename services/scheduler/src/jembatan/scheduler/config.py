"""The scheduler's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class SchedulerSettings(ServiceSettings):
    service_name: str = "scheduler"
    http_port: int = 8104
    tick_interval_seconds: float = 15.0
    lease_seconds: float = 60.0  # a dead replica's lease runs out after this; another takes over
