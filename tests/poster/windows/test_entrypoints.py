"""The poster's message entrypoints, on fakes: routing by schema, dead-lettering what can never be
read, and waking the sender only when documents were planned."""

from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.consumer import PermanentFailure
from jembatan.poster.entrypoints.facts import facts_handler
from jembatan.poster.entrypoints.messages import by_schema
from jembatan.poster.entrypoints.triggers import triggers_handler
from jembatan.poster.service_layer.shift_closing import Grace

NO_SESSION = None  # these paths must decide before touching the database


def message(schema: str, payload: dict) -> Envelope:
    return Envelope(
        id="m1",
        type=schema.split("/")[0],
        tenant_id="toko-1",
        occurred_at=datetime(2026, 11, 25, tzinfo=UTC),
        correlation_id="c1",
        schema_=schema,
        payload=payload,
    )


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


async def test_a_fact_of_an_unknown_schema_is_dead_lettered():
    with pytest.raises(PermanentFailure, match=r"ledger\.unknown/9"):
        await facts_handler(Grace(), Wakes())(NO_SESSION, message("ledger.unknown/9", {}))  # type: ignore[arg-type]


async def test_an_unreadable_fact_is_dead_lettered_with_the_reason():
    with pytest.raises(PermanentFailure, match="cannot be read"):
        await facts_handler(Grace(), Wakes())(NO_SESSION, message("ledger.sale/1", {"order": {}}))  # type: ignore[arg-type]


async def test_a_reconcile_trigger_is_ingests_and_changes_nothing_here():
    wakes = Wakes()
    trigger = SyncTriggered(
        trigger_id="t1", kind=TriggerKind.RECONCILE, fire_at=datetime(2026, 11, 25, tzinfo=UTC)
    )
    await triggers_handler(Grace(), wakes)(
        NO_SESSION, message("sync.triggered/1", trigger.model_dump(mode="json"))
    )  # type: ignore[arg-type]
    assert wakes.count == 0


async def test_messages_on_the_triggers_topic_go_to_the_trigger_handler():
    seen: list[str] = []

    async def facts(_session, envelope):
        seen.append(f"fact {envelope.schema_}")

    async def triggers(_session, envelope):
        seen.append(f"trigger {envelope.schema_}")

    route = by_schema(facts, triggers)
    await route(NO_SESSION, message("sync.triggered/1", {}))  # type: ignore[arg-type]
    await route(NO_SESSION, message("ledger.sale/1", {}))  # type: ignore[arg-type]
    assert seen == ["trigger sync.triggered/1", "fact ledger.sale/1"]
