"""How the CLI speaks: rich tables for people, plain JSON with `--json`, refusals on stderr."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .admin import Admin


@dataclass
class Context:
    """What every command gets: the admin APIs and how to print."""

    admin: Admin
    as_json: bool
    out: Console
    err: Console

    def table(self, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], header: bool = True) -> None:
        self.out.print(Text(title, style="bold"))  # above the table: a table's title wraps to its width
        table = Table(show_header=header)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(Text("—" if v is None or v == "" else str(v)) for v in row))
        self.out.print(table)

    def facts(self, title: str, facts: dict[str, Any]) -> None:
        """A two-column table: what → value."""
        self.table(title, ("what", "value"), facts.items(), header=False)

    def json(self, value: Any) -> None:
        print(json.dumps(value, indent=2, default=str), file=self.out.file, flush=True)

    def say(self, text: str) -> None:
        self.out.print(Text(text))
