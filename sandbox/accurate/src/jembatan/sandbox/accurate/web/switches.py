"""Per-database settings of the behaviours the reference leaves unconfirmed (``assumptions.SWITCHES``)."""

from __future__ import annotations

from typing import Any

from .. import assumptions as A


class Switches:
    """One database's choice for every switch; defaults are the first form listed in ``SWITCHES``."""

    def __init__(self, **chosen: str) -> None:
        self.values = {name: forms[0] for name, forms in A.SWITCHES.items()}
        self.update(chosen)

    def update(self, chosen: dict[str, Any]) -> None:
        for name, value in chosen.items():
            forms = A.SWITCHES.get(name)
            if forms is None:
                raise ValueError(f"unknown switch {name!r}; expected one of {sorted(A.SWITCHES)}")
            if str(value) not in forms:
                raise ValueError(f"switch {name!r} takes one of {forms}, not {value!r}")
            self.values[name] = str(value)

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    def as_dict(self) -> dict[str, Any]:
        return {**self.values, "forms": {name: list(forms) for name, forms in A.SWITCHES.items()}}
