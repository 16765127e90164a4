"""A fact's envelope is written to bytes once, with the fact's own JSON as its payload: the bytes
must read back as exactly what the envelope built from `model_dump(mode="json")` gave before."""

import json
from datetime import UTC, datetime

from jembatan.contracts import Envelope, ledger
from jembatan.mapper.adapters.batch_writes import fact_bytes
from jembatan.mapper.domain.dispatch import ROUTES, enrich, read_event
from jembatan.mapper.domain.outcome import Parked

from .test_enrich_other_events import EVENTS, two_outlets


def as_before(source: Envelope, fact_id: str, schema: str, fact: ledger.Fact) -> dict:
    payload = fact.model_dump(mode="json")
    route = ROUTES[source.schema_]
    return json.loads(
        source.caused(id=fact_id, type=route.fact_type, schema=schema, payload=payload).to_bytes()
    )


def test_every_facts_bytes_read_back_as_the_envelope_built_from_its_dump(
    make_lookups, outlet_mapping, make_order
):
    lookups = make_lookups(outlets=two_outlets(outlet_mapping), customers={"c-9": "M-009"})
    payloads = EVENTS | {"pos.order_completed/1": make_order().model_dump(mode="json")}
    for schema, payload in payloads.items():
        source = Envelope(
            id=f"e-{schema}", type=schema.split("/")[0], tenant_id="t1", outlet_id="outlet-ho",
            occurred_at=datetime(2026, 11, 25, 3, tzinfo=UTC), correlation_id="c", schema=schema, payload=payload,
        )  # fmt: skip
        routed = enrich(schema, read_event(schema, payload), lookups)
        assert not isinstance(routed, Parked), schema
        route, fact = routed
        assert not isinstance(fact, Parked), schema
        body = fact_bytes(source, id="f1", type=route.fact_type, schema=route.fact_schema, fact=fact)
        written, expected = json.loads(body), as_before(source, "f1", route.fact_schema, fact)
        assert written.pop("recorded_at") and expected.pop("recorded_at")  # the moment each was built
        assert written == expected, schema
        assert list(written) == list(expected), schema  # the same keys in the same order
        read = Envelope.from_bytes(body)  # as the poster reads it
        assert type(fact).model_validate(read.payload) == fact, schema
