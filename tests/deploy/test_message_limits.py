"""Apache Kafka in docker-compose takes every message a service may send (large orders included)."""

from pathlib import Path

import yaml
from jembatan.platform.kafka import MAX_MESSAGE_BYTES

ROOT = Path(__file__).resolve().parents[2]
KAFKA = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["kafka"]["environment"]


def test_the_broker_takes_the_largest_message_a_service_sends_with_room_for_batch_overhead():
    assert int(KAFKA["KAFKA_MESSAGE_MAX_BYTES"]) >= MAX_MESSAGE_BYTES + 1024


def test_the_broker_replicates_messages_as_large_as_it_takes():
    assert int(KAFKA["KAFKA_REPLICA_FETCH_MAX_BYTES"]) >= int(KAFKA["KAFKA_MESSAGE_MAX_BYTES"])
