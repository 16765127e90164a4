"""What the scheduler's routes need, wired once by `bootstrap.py`: every route takes it from here."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from jembatan.platform.db import Database


def database_of(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DatabaseDep = Annotated[Database, Depends(database_of)]
