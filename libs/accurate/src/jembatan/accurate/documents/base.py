"""Base of the typed request models: camelCase aliases, Decimal money, dd/MM/yyyy dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from jembatan.accurate.dates import accurate_date
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic.alias_generators import to_camel


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("amounts and quantities must be Decimal (or int/str), never float")
    return value


Money = Annotated[Decimal, BeforeValidator(_no_float)]
"""An amount or quantity; kept as Decimal end to end and sent as an exact JSON number."""

AccurateDate = Annotated[date, PlainSerializer(accurate_date, return_type=str)]
"""A calendar date, sent as ``dd/MM/yyyy``."""


class AccurateModel(BaseModel):
    """Python snake_case fields, Accurate camelCase on the wire; unknown fields are refused."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True, use_enum_values=True
    )

    def to_accurate(self) -> dict[str, Any]:
        """The request body with Accurate's field names; unset fields are left out, Decimals kept."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


class AccurateDocument(AccurateModel):
    """A record Jembatan saves: knows its module (``sales-invoice``) and save action."""

    MODULE: ClassVar[str] = ""
    SAVE_ACTION: ClassVar[str] = "save"

    id: int | None = None  # present → update that record


class Transaction(AccurateDocument):
    """Fields every transaction document shares."""

    number: str | None = None  # blank → Accurate auto-numbers
    trans_date: AccurateDate | None = None
    branch_name: str | None = None
    description: str | None = None


class DetailLine(AccurateModel):
    """A detail line; ``id`` + ``status="delete"`` removes an existing line on update."""

    id: int | None = None
    status: str | None = Field(default=None, alias="_status")


class HeaderCustomFields(AccurateModel):
    """Header custom fields ``charField1..10`` (filterable; good for external references)."""

    char_field1: str | None = None
    char_field2: str | None = None
    char_field3: str | None = None
    char_field4: str | None = None
    char_field5: str | None = None
    char_field6: str | None = None
    char_field7: str | None = None
    char_field8: str | None = None
    char_field9: str | None = None
    char_field10: str | None = None
