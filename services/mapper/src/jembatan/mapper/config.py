"""The mapper's settings (`JEMBATAN_*` environment variables)."""

from jembatan.platform.settings import ServiceSettings


class MapperSettings(ServiceSettings):
    service_name: str = "mapper"
    http_port: int = 8102
