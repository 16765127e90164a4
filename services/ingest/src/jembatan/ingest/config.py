"""Ingest's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class IngestSettings(ServiceSettings):
    service_name: str = "ingest"
    http_port: int = 8101
    max_body_bytes: int = 1_000_000
    replay_window_seconds: int = 300
