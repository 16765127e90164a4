"""Money and quantities travel as exact decimals (strings in JSON), never floats."""

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

# Serialised as a string so no consumer ever parses it as a float.
Money = Annotated[Decimal, PlainSerializer(lambda v: str(v), return_type=str, when_used="json")]
Quantity = Annotated[Decimal, PlainSerializer(lambda v: str(v), return_type=str, when_used="json")]

ZERO = Decimal("0")
