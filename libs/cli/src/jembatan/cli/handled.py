"""Every command's safety net: a refusal or an unreachable service becomes words and an exit status."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from .refusal import Refusal, Unreachable

P = ParamSpec("P")
R = TypeVar("R")
REFUSED, BAD_INPUT, UNREACHABLE = 1, 2, 3


class BadInput(ValueError):
    """What the operator gave cannot be used (a missing file, JSON that does not parse…)."""


def handled(command: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        err = Console(stderr=True)
        try:
            return command(*args, **kwargs)
        except Refusal as refusal:
            err.print(escape(str(refusal)), highlight=False)
            raise typer.Exit(REFUSED) from None
        except BadInput as bad:
            err.print(escape(str(bad)), highlight=False)
            raise typer.Exit(BAD_INPUT) from None
        except Unreachable as unreachable:
            err.print(escape(str(unreachable)), highlight=False)
            raise typer.Exit(UNREACHABLE) from None

    return wrapper
