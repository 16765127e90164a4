"""The left-hand menu, in CONSOLE.md's order — the add-on's order, so a merchant feels at home.

`needs` names the admin API a page is waiting for; such a page shows an honest "coming" panel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    slug: str
    needs: str | None = None  # the missing admin API; None when the page works today

    @property
    def label_key(self) -> str:
        return f"nav.{self.slug}"


MENU = (
    MenuItem("overview"),
    MenuItem("connect"),
    MenuItem("outlets"),
    MenuItem("products"),
    MenuItem("synchronization"),
    MenuItem("activity"),
    MenuItem("parked"),
    MenuItem("reconciliation"),
    MenuItem("find"),
)
COMING = {item.slug: item for item in MENU if item.needs}
