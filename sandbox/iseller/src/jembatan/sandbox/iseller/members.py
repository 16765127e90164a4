"""Members (customers): the Member webhook for each, and one profile edit later in the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .context import Day
from .store import Member
from .wire import stamp


def member_payload(member: Member, modified: datetime) -> dict[str, Any]:
    return {
        "customer_id": member.customer_id,
        "external_customer_id": member.external_customer_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "phone_number": member.phone_number,
        "email": member.email,
        "created_date": "2025-01-15 03:00:00",
        "modified_date": stamp(modified),
    }


def upsert_members(first: datetime, edit: datetime) -> Callable[[Day], None]:
    """Every member synced in the morning; the first one changes phone number at `edit`."""

    def send(day: Day) -> None:
        for n, member in enumerate(day.members):
            at = first.replace(minute=n % 60)
            day.emit(at, "member", member_payload(member, at))
        if day.members:
            edited = {**member_payload(day.members[0], edit), "phone_number": "081299990000"}
            day.emit(edit, "member", edited)

    return send
