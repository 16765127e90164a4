"""Read a service's settings at start-up, or refuse to start in one line per refused setting.

What every `python -m jembatan.<service>` calls before `serve`. Pydantic's own report is a
traceback that repeats every input, secrets and database passwords included; the operator gets
instead, on stderr, one line per refused setting — the variable, what is wrong, what is accepted —
and exit status 2 (docs/operations.md, "Start-up: settings it refuses"). A value is quoted back only
for a setting that cannot hold a secret.
"""

from __future__ import annotations

import re
import sys
from typing import TypeVar

from pydantic import SecretStr, ValidationError
from pydantic_core import ErrorDetails

from .settings import ServiceSettings

REFUSED = 2  # the exit status of a refused setting (an unreachable database exits with 1)
S = TypeVar("S", bound=ServiceSettings)
# A setting with one of these in its name may hold a secret (a token, a key, a password in a URL).
SECRET_NAMES = re.compile(r"token|key|secret|password|url|dsn", re.IGNORECASE)


def settings_or_exit(settings_class: type[S]) -> S:
    """`settings_class()` read from the environment; a refusal is printed and the process exits 2."""
    try:
        return settings_class()
    except ValidationError as refused:
        for line in refusal_lines(refused, settings_class):
            print(line, file=sys.stderr)
        raise SystemExit(REFUSED) from None


def refusal_lines(refused: ValidationError, settings_class: type[ServiceSettings]) -> list[str]:
    """One line per refused setting, naming its variable; never a secret's value."""
    lines: list[str] = []
    for error in refused.errors(include_url=False):
        lines.extend(_lines(error, settings_class))
    return lines


def _lines(error: ErrorDetails, settings_class: type[ServiceSettings]) -> list[str]:
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:  # a check across settings: its message names the variables itself
        return [line for line in message.splitlines() if line.strip()]
    field = str(error["loc"][0])
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    variable = f"{prefix}{field}".upper()
    line = f"{variable}: {message[:1].lower()}{message[1:]}"
    if not _may_hold_a_secret(field, settings_class) and isinstance(error["input"], str | int | float):
        line += f" (got {error['input']!r})"
    return [line]


def _may_hold_a_secret(field: str, settings_class: type[ServiceSettings]) -> bool:
    info = settings_class.model_fields.get(field)
    return (
        info is None
        or SECRET_NAMES.search(field) is not None
        or "SecretStr" in repr(info.annotation)
        or info.annotation is SecretStr
    )
