"""Time is aware UTC inside; Accurate's dates are Asia/Jakarta days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta_day(moment: datetime) -> date:
    return moment.astimezone(JAKARTA).date()


def accurate_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"
