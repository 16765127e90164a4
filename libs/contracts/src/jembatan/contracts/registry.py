"""Every message schema by name, and their JSON Schema export (checked into the repo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .envelope import Envelope
from .ledger import LEDGER_SCHEMAS
from .pos import POS_SCHEMAS
from .sync import SYNC_SCHEMAS
from .tenant import TENANT_SCHEMAS

SCHEMAS: dict[str, type[BaseModel]] = {**POS_SCHEMAS, **LEDGER_SCHEMAS, **SYNC_SCHEMAS, **TENANT_SCHEMAS}

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"


class UnknownSchema(LookupError):
    pass


def model_for(schema: str) -> type[BaseModel]:
    try:
        return SCHEMAS[schema]
    except KeyError:
        raise UnknownSchema(f"no model for schema {schema!r}") from None


def event_type(schema: str) -> str:
    """`pos.order_completed/1` → `pos.order_completed`."""
    return schema.split("/", 1)[0]


def schema_of(model: type[BaseModel]) -> str:
    for name, candidate in SCHEMAS.items():
        if candidate is model:
            return name
    raise UnknownSchema(f"{model.__name__} is not registered")


def parse_payload(envelope: Envelope) -> BaseModel:
    """The envelope's payload as its registered model (raises ValidationError when it does not fit)."""
    return model_for(envelope.schema_).model_validate(envelope.payload)


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema for every registered schema and the envelope."""
    out = {"envelope.json": Envelope.model_json_schema(by_alias=True)}
    for name, model in SCHEMAS.items():
        out[name.replace("/", ".v") + ".json"] = model.model_json_schema(mode="serialization")
    return out


def export(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every JSON Schema into `directory` (libs/contracts/schemas by default)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, schema in json_schemas().items():
        path = directory / file_name
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
