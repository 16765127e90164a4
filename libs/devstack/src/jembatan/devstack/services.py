"""The four services as the stack starts them, and what their settings classes read."""

from __future__ import annotations

import importlib
import inspect
import sys
from dataclasses import dataclass, field
from typing import Any

SERVICES = ("ingest", "mapper", "poster", "scheduler")
ENV_PREFIX = "JEMBATAN_"


@dataclass
class ServiceSpec:
    """How to run one service: its name, its command (default `python -m jembatan.<name>`), extra env."""

    name: str
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def command(self) -> list[str]:
        return self.argv or [sys.executable, "-m", f"jembatan.{self.name}"]


def as_spec(service: str | ServiceSpec) -> ServiceSpec:
    return service if isinstance(service, ServiceSpec) else ServiceSpec(service)


def settings_class(service: str) -> type[Any] | None:
    """The `ServiceSettings` subclass in `jembatan.<service>.config`, or None if there is none yet."""
    try:
        from jembatan.platform.settings import ServiceSettings

        module = importlib.import_module(f"jembatan.{service}.config")
    except ImportError:
        return None
    found = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, ServiceSettings)
        and obj is not ServiceSettings
        and obj.__module__ == module.__name__
    ]
    return found[0] if found else None


def settings_fields(service: str) -> dict[str, Any]:
    """Field name → default of the service's settings (empty when it has no settings class)."""
    cls = settings_class(service)
    if cls is None:
        return {}
    return {name: info.default for name, info in cls.model_fields.items()}


def env_names(service: str) -> set[str]:
    """Every environment variable the service's settings read (`JEMBATAN_` + upper-case field name)."""
    cls = settings_class(service)
    return settings_env_names(cls) if cls is not None else set()


def settings_env_names(cls: type[Any]) -> set[str]:
    """The environment variables a pydantic-settings class reads (prefix + field, or its alias)."""
    prefix = str(cls.model_config.get("env_prefix", ENV_PREFIX))
    names = set()
    for name, info in cls.model_fields.items():
        alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
        names.add((alias or f"{prefix}{name}").upper())
    return names


def default_port(service: str) -> int | None:
    """The HTTP port the service listens on when `JEMBATAN_HTTP_PORT` is not set."""
    port = settings_fields(service).get("http_port")
    return int(port) if port is not None else None
