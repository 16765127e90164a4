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
from ..service_layer.reconciling import Books
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


def reconciliation_books_of(request: Request) -> Books:
    """Accurate's books as reconciliation reads them (the sandbox's in tests)."""
    books: Books = request.app.state.reconciliation_books
    return books


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
ReconciliationBooksDep = Annotated[Books, Depends(reconciliation_books_of)]
