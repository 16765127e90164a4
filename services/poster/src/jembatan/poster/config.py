"""The poster's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class PosterSettings(ServiceSettings):
    service_name: str = "poster"
    http_port: int = 8103
