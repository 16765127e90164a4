"""The mapper's settings (`JEMBATAN_*` environment variables)."""

from typing import Literal

from jembatan.accurate.budget import KEPT_FREE
from jembatan.platform.settings import ServiceSettings
from pydantic import Field


class MapperSettings(ServiceSettings):
    service_name: str = "mapper"
    http_port: int = 8102
    redrive_interval_seconds: float = 300.0  # re-drive every tenant's parked events this often
    lookup_cache_seconds: float = 30.0  # settings, outlet mappings and SKUs kept at most this long
    master_refresh_seconds: float = 900.0  # refresh the Accurate master-data cache this often
    accurate_account_url: str = "https://account.accurate.id"  # a tenant may name its own
    accurate_timeout_seconds: float = 30.0
    # The requests/s and in flight the mapper uses of a database's 8 and 8: what the poster keeps free.
    accurate_share: int = Field(default=KEPT_FREE, ge=1)
    untracked_item_type: Literal["NON_INVENTORY", "SERVICE"] = "NON_INVENTORY"  # untracked products
