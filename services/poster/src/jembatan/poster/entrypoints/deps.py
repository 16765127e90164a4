"""What the poster's routes need, wired once by `bootstrap.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from ..adapters.accurate_gateway import AccurateGateway
from ..config import PosterSettings
from ..service_layer.ports import Replanner
from ..service_layer.reconciling import BooksReadback
from ..service_layer.sender import PostingWorker


@dataclass
class Runtime:
    settings: PosterSettings
    db: Database
    secrets: SecretBox
    gateway: AccurateGateway
    worker: PostingWorker
    replanner: Replanner


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def books_readback_of(request: Request) -> BooksReadback:
    """Accurate's books as reconciliation reads them back (the sandbox's in tests)."""
    readback: BooksReadback = request.app.state.books_readback
    return readback


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
BooksReadbackDep = Annotated[BooksReadback, Depends(books_readback_of)]
