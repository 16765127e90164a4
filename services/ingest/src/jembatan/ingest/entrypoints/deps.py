"""What the HTTP routes need, wired once by `bootstrap.py`."""

from __future__ import annotations

from dataclasses import dataclass

from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxRelay

from ..config import IngestSettings


@dataclass
class Runtime:
    settings: IngestSettings
    db: Database
    secrets: SecretBox
    relay: OutboxRelay
