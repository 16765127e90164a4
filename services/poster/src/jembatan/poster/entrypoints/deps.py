"""What the poster's routes need, wired once by `bootstrap.py`."""

from __future__ import annotations

from dataclasses import dataclass

from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from ..adapters.accurate_gateway import AccurateGateway
from ..config import PosterSettings
from ..service_layer.ports import Replanner
from ..service_layer.sender import PostingWorker


@dataclass
class Runtime:
    settings: PosterSettings
    db: Database
    secrets: SecretBox
    gateway: AccurateGateway
    worker: PostingWorker
    replanner: Replanner
