"""What group commit writes to the outbox is, byte for byte, the envelope `envelopes_for` makes:
every kind of a simulated store day, odd but readable amounts and text included."""

import json
from datetime import UTC, date, datetime

import pytest
from ingest_support import order
from jembatan.contracts import Envelope
from jembatan.ingest.domain.intake import Accepted, admit, envelope_rows, envelopes_for
from jembatan.sandbox.iseller.config import sized
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.wire import dumps

RECORDED = datetime(2026, 11, 25, 9, 30, 0, 123456, tzinfo=UTC)
RECEIVED = datetime(2026, 11, 25, 9, 29, 59, tzinfo=UTC)


def day_deliveries() -> list[tuple[str, bytes]]:
    day = generate_day(7, date(2026, 11, 25), sized(120))
    return [(d.kind, dumps(d.payload)) for d in day.deliveries]


ODD = [
    ("order", json.dumps(order("o-dec", total_amount="1.000000000000000000000000000001")).encode()),
    ("order", json.dumps(order("o-exp"))[:-1].encode() + b', "total_amount": 1e999999}'),
    (
        "order",
        json.dumps({**order("o-text"), "outlet_name": 'Kopi \u00e9\u2603 "quoted" \\ \u0001'}).encode(),
    ),
    ("order", json.dumps(order("o-\u00fcnicode")).encode()),
]


def test_the_outbox_rows_are_the_envelopes_bytes_for_every_kind_of_a_day() -> None:
    kinds = set()
    deliveries = day_deliveries() + ODD
    for kind, raw in deliveries:
        decision = admit(kind, raw)
        if not isinstance(decision, Accepted):
            continue
        rows = envelope_rows("tenant-ä", decision, RECEIVED, recorded_at=RECORDED)
        envelopes = envelopes_for("tenant-ä", decision, RECEIVED, recorded_at=RECORDED)
        assert rows == [(e.id, e.to_bytes()) for e in envelopes]
        assert [Envelope.from_bytes(body) for _, body in rows] == envelopes
        kinds.update(e.schema_ for e in envelopes)
    assert len(kinds) >= 6, kinds  # orders, refunds, shifts, stock, payouts, members... all compared


@pytest.mark.parametrize("kind,raw", ODD)
def test_odd_but_readable_orders_are_accepted_and_carried(kind: str, raw: bytes) -> None:
    decision = admit(kind, raw)
    assert isinstance(decision, Accepted)
    [(_, body)] = envelope_rows("t1", decision, RECEIVED)
    assert json.loads(body)["payload"]["order_id"] == json.loads(raw)["order_id"]
