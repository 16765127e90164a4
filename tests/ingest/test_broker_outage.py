"""With the broker stopped, webhooks are still accepted; all are relayed once it is back."""

import asyncio
import time

import pytest
from ingest_support import order, read_events
from jembatan.devstack.broker import start_tansu
from jembatan.devstack.ports import split_hostport
from jembatan.devstack.topics import create_topics, standard_topics

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WEBHOOKS = 1_000


async def test_a_thousand_webhooks_sent_while_the_broker_is_down_are_all_relayed_after_it_returns(
    ingest_factory, unique_name, tmp_path
):
    broker = start_tansu(tmp_path)
    _, port = split_hostport(broker.bootstrap)
    await create_topics(broker.bootstrap, standard_topics())
    tenant = unique_name("tenant")
    try:
        async with ingest_factory(kafka_bootstrap=broker.bootstrap) as ingest:
            await ingest.add_tenant(tenant)
            for _ in range(100):  # the tenant's configuration (tenant.config.v1) goes out first
                if await ingest.outbox_pending() == 0:
                    break
                await asyncio.sleep(0.1)
            broker.stop()

            started = time.perf_counter()
            gate = asyncio.Semaphore(16)

            async def send(n: int) -> int:
                async with gate:
                    return (await ingest.webhook(tenant, "order", order(f"o-{n:04d}"))).status_code

            codes = await asyncio.gather(*(send(n) for n in range(WEBHOOKS)))
            accepted_in = time.perf_counter() - started
            assert codes == [202] * WEBHOOKS
            await asyncio.sleep(1)
            assert await ingest.outbox_pending() == WEBHOOKS  # nothing could be relayed

            broker = start_tansu(tmp_path, port=port)  # memory storage: the topics are gone
            await create_topics(broker.bootstrap, standard_topics())
            restarted = time.perf_counter()
            events = await read_events(
                broker.bootstrap,
                unique_name("g"),
                tenant,
                lambda e: len({x.payload["order_id"] for x in e}) >= WEBHOOKS,
                within=90,
            )
            relayed_in = time.perf_counter() - restarted
            for _ in range(50):  # the last batch is marked sent just after its acknowledgement
                if await ingest.outbox_pending() == 0:
                    break
                await asyncio.sleep(0.1)
            assert await ingest.outbox_pending() == 0
    finally:
        broker.stop()
    # The relay is at least once (docs/outbox.md): a batch whose acknowledgement was lost while the
    # broker came back is sent again. Every webhook is on the topic, and a repeat carries the same
    # envelope id as its first copy, so the consumers drop it.
    envelope_ids: dict[str, set[str]] = {}
    for e in events:
        envelope_ids.setdefault(e.payload["order_id"], set()).add(e.id)
    assert len(envelope_ids) == WEBHOOKS
    assert {order_id: len(ids) for order_id, ids in envelope_ids.items() if len(ids) > 1} == {}
    assert all(e.tenant_id == tenant for e in events)
    print(
        f"\n{WEBHOOKS} webhooks accepted with the broker down in {accepted_in:.1f}s; "
        f"all relayed {relayed_in:.1f}s after it restarted"
    )
