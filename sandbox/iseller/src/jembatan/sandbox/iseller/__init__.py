"""The iSeller store simulator: seeded store days, signed webhooks and the pull API.

`generate_day(seed, date, config)` is pure; `delivery` sends; `pull_api.create_app` serves.
"""

from .config import DEMO, StoreConfig, sized
from .day import StoreDay, generate_day

__all__ = ["DEMO", "StoreConfig", "StoreDay", "generate_day", "sized"]
