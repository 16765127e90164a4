"""Shared dependencies of the admin routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..service_layer.context import Mapper


def _mapper(request: Request) -> Mapper:
    mapper: Mapper = request.app.state.mapper
    return mapper


MapperDep = Annotated[Mapper, Depends(_mapper)]
