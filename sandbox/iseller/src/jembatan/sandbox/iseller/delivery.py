"""Sending the day's webhooks the way a real network delivers them: signed, and — by choice —
duplicated, reordered, delayed, or dropped. The plan is pure and seeded; `send` does the I/O."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from jembatan.contracts.iseller.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, format_timestamp, sign

from .context import Delivery
from .wire import dumps


@dataclass(frozen=True)
class FaultOptions:
    duplicate_rate: float = 0.0  # share of deliveries sent twice
    reorder_window: int = 0  # how many places a delivery may move later
    delay: float = 0.0  # seconds: each send waits up to this long (seeded)
    drop_rate: float = 0.0  # share of deliveries never sent (the pull API still has them)
    seed: int = 0


@dataclass(frozen=True)
class PlannedSend:
    delivery: Delivery
    body: bytes
    pause: float  # seconds to wait before sending
    duplicate: bool = False


@dataclass(frozen=True)
class DeliveryPlan:
    sends: list[PlannedSend]
    dropped: list[Delivery]


def plan(deliveries: list[Delivery], options: FaultOptions = FaultOptions()) -> DeliveryPlan:
    """Which bodies go out in which order; the same inputs give the same plan."""
    rng = random.Random(f"delivery:{options.seed}")
    keyed: list[tuple[float, int, PlannedSend]] = []
    dropped = []
    for position, delivery in enumerate(deliveries):
        if rng.random() < options.drop_rate:
            dropped.append(delivery)
            continue
        body = dumps(delivery.payload)
        copies = 2 if rng.random() < options.duplicate_rate else 1
        for copy in range(copies):
            slot = position + rng.uniform(0, options.reorder_window) + copy * rng.uniform(0, 3)
            pause = rng.uniform(0, options.delay) if options.delay else 0.0
            keyed.append((slot, len(keyed), PlannedSend(delivery, body, pause, duplicate=copy > 0)))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return DeliveryPlan([send for _, _, send in keyed], dropped)


@dataclass
class SendReport:
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def webhook_url(target: str, tenant: str, kind: str) -> str:
    return f"{target.rstrip('/')}/webhooks/iseller/{tenant}/{kind}"


async def send(
    delivery_plan: DeliveryPlan,
    *,
    target: str,
    tenant: str,
    api_key: str,
    client: httpx.AsyncClient | None = None,
    retries: int = 2,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SendReport:
    """POST each planned body, signed at send time, retrying (like iSeller) on 5xx and network errors."""
    report = SendReport()
    own = client is None
    http = client or httpx.AsyncClient(timeout=10.0)
    try:
        for planned in delivery_plan.sends:
            if planned.pause:
                await asyncio.sleep(planned.pause)
            url = webhook_url(target, tenant, planned.delivery.kind)
            for attempt in range(retries + 1):
                stamp = format_timestamp(clock())
                headers = {
                    "Content-Type": "application/json",
                    TIMESTAMP_HEADER: stamp,
                    SIGNATURE_HEADER: sign(api_key, planned.body, stamp),
                }
                try:
                    response = await http.post(url, content=planned.body, headers=headers)
                except httpx.TransportError as exc:
                    if attempt == retries:
                        report.failures.append(f"{planned.delivery.kind}#{planned.delivery.seq}: {exc!r}")
                    await asyncio.sleep(0.05 * 2**attempt)
                    continue
                report.count(response.status_code)
                if response.status_code < 500:
                    break
                if attempt == retries:
                    report.failures.append(
                        f"{planned.delivery.kind}#{planned.delivery.seq}: {response.status_code}"
                    )
                await asyncio.sleep(0.05 * 2**attempt)
            report.sent += 1
    finally:
        if own:
            await http.aclose()
    return report
