"""The tansu runner: starts, serves real Kafka clients, survives a taken port, leaves nothing behind."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from jembatan.devstack.broker import (
    TANSU_HEARTBEAT_INTERVAL_MS,
    TANSU_SESSION_TIMEOUT_MS,
    start_broker,
    start_tansu,
    tansu_binary,
)
from jembatan.devstack.procinfo import pids_with_cmdline, running
from jembatan.devstack.pytest_plugin import UniqueName
from jembatan.devstack.topics import create_topics, standard_topics

pytestmark = pytest.mark.integration


async def test_the_session_broker_has_every_standard_topic_with_four_partitions(kafka_bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(standard_topics())
    finally:
        await admin.close()
    partitions = {t["topic"]: len(t["partitions"]) for t in described}
    assert partitions == dict.fromkeys(standard_topics(), 4)


async def test_a_keyed_message_round_trips_through_a_consumer_group(
    kafka_bootstrap: str, unique_name: UniqueName
) -> None:
    topic, group = unique_name("roundtrip"), unique_name("group")
    assert await create_topics(kafka_bootstrap, [topic], partitions=2) == [topic]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"order-1", key=b"tenant-a", headers=[("schema", b"x/1")])
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
        heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
    )
    await consumer.start()
    try:
        message = await consumer.getone()
        await consumer.commit()
    finally:
        await consumer.stop()
    assert (message.key, message.value, list(message.headers)) == (
        b"tenant-a",
        b"order-1",
        [("schema", b"x/1")],
    )


def test_a_taken_port_is_retried_on_a_new_one(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with start_tansu(tmp_path, port=taken) as broker:
            assert broker.bootstrap != f"127.0.0.1:{taken}"
            assert broker.child is not None and broker.child.alive()
    assert "Address in use" in (tmp_path / f"tansu-{taken}.log").read_text()


def test_stop_leaves_no_tansu_process(tmp_path: Path) -> None:
    broker = start_tansu(tmp_path)
    assert broker.child is not None
    pid, port = broker.child.pid, broker.bootstrap.rsplit(":", 1)[1]
    broker.stop()
    assert not running(pid)
    assert pids_with_cmdline(f"tcp://127.0.0.1:{port}") == []


def test_an_exception_inside_the_block_still_stops_tansu(tmp_path: Path) -> None:
    pid = 0
    with pytest.raises(RuntimeError), start_tansu(tmp_path) as broker:
        assert broker.child is not None
        pid = broker.child.pid
        raise RuntimeError("boom")
    assert pid and not running(pid)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_tansu_dies_with_its_runner(tmp_path: Path, how: str) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from jembatan.devstack.broker import start_tansu
        with start_tansu(Path({str(tmp_path)!r})) as broker:
            print(broker.child.pid, flush=True)
            time.sleep(60)
        """
    )
    runner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        tansu_pid = int(runner.stdout.readline())
        assert running(tansu_pid)
        runner.send_signal(getattr(__import__("signal"), how))
        runner.wait(timeout=10)
        deadline = time.monotonic() + 5
        while running(tansu_pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not running(tansu_pid)
    finally:
        runner.kill()
        runner.wait()


def test_a_given_bootstrap_is_used_instead_of_starting_tansu(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JEMBATAN_KAFKA_BOOTSTRAP", kafka_bootstrap)
    before = len(pids_with_cmdline(str(tansu_binary())))
    with start_broker() as broker:
        assert (broker.bootstrap, broker.external) == (kafka_bootstrap, True)
        assert len(pids_with_cmdline(str(tansu_binary()))) == before
