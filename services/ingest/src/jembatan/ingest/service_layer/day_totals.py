"""Check one Jakarta day: ask iSeller for its day totals, hold them against the orders ingest holds,
keep the result and export `jembatan_reconciliation_gaps{tenant, kind="iseller_summary"}` (the
number of outlets whose day differs)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from jembatan.contracts.iseller.summaries import OrderSummaryPage, TransactionSummaryPage
from jembatan.platform.metrics import RECONCILIATION_GAPS

from ..adapters import day_checks
from ..adapters.credentials import load_connection, save_connection
from ..adapters.day_checks import IsellerDayCheck
from ..adapters.iseller_api import IsellerApi
from ..domain.day_totals import (
    ACTION,
    KIND,
    compare_day,
    completed_on,
    differences,
    held_totals,
    iseller_totals,
)
from .pulling import Puller

log = logging.getLogger(__name__)


class NoConnection(LookupError):
    """The tenant has no iSeller API connection: there is nobody to ask for the day's totals."""


def summary_query(day: date) -> dict[str, str | int]:
    """The local (Jakarta, `time_zone` 7) day, as iSeller's summary endpoints take it."""
    after = day + timedelta(days=1)
    return {"created_after": f"{day:%Y-%m-%d}T00:00:00", "created_before": f"{after:%Y-%m-%d}T00:00:00",
            "time_zone": 7}  # fmt: skip


async def check_day(puller: Puller, tenant_id: str, day: date, trigger: str = "admin") -> IsellerDayCheck:
    creds = await load_connection(puller.db, puller.secrets, tenant_id)
    if creds is None:
        raise NoConnection(f"tenant {tenant_id!r} has no iSeller API connection")
    api = IsellerApi(creds, puller.http, lambda c: save_connection(puller.db, puller.secrets, c),
                     page_size=puller.settings.iseller_page_size, first_page=puller.settings.iseller_first_page)  # fmt: skip
    query = summary_query(day)
    orders = OrderSummaryPage.model_validate(await api.call("/api/v2/GetOrderSummary", query))
    paid = TransactionSummaryPage.model_validate(await api.call("/api/v2/GetTransactionSummary", query))
    day_text = day.isoformat()
    iseller = iseller_totals([s for s in orders.summaries if s.date == day_text],
                             [s for s in paid.summaries if s.date == day_text])  # fmt: skip
    held = held_totals(completed_on(await day_checks.held_orders(puller.db, tenant_id, day), day))
    rows = compare_day(iseller, held)
    gaps = differences(rows)
    outlets = sorted({g.outlet_id for g in gaps})
    report = {
        "outlets": [{"outlet_id": o, "iseller": {r.measure: str(r.iseller) for r in rows if r.outlet_id == o},
                     "held": {r.measure: str(r.held) for r in rows if r.outlet_id == o}}
                    for o in sorted({r.outlet_id for r in rows})],
        "differences": [{**g.plain(), "kind": KIND, "action": ACTION} for g in gaps],
    }  # fmt: skip
    check = IsellerDayCheck(tenant_id=tenant_id, day=day, trigger=trigger, status="done",
                            difference_count=len(outlets), report=report, checked_at=datetime.now(UTC))  # fmt: skip
    RECONCILIATION_GAPS.labels(tenant_id, KIND).set(len(outlets))
    if gaps:
        log.warning("iSeller's day totals differ from the held orders",
                    extra={"tenant": tenant_id, "day": day_text, "outlets": outlets})  # fmt: skip
    return await day_checks.keep(puller.db, check)
