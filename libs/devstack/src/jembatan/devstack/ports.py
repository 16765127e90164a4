"""Free TCP ports on the loopback interface."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A port nobody listens on right now (another process may still take it before we do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    """True when something accepts TCP connections on `host:port`."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def split_hostport(address: str) -> tuple[str, int]:
    """`"host:port"` (the first of a comma-separated bootstrap list) → `(host, port)`."""
    first = address.split(",")[0].strip()
    if "://" in first:
        first = first.split("://", 1)[1]
    host, _, port = first.rpartition(":")
    return host.strip("[]") or LOOPBACK, int(port)


@dataclass
class KeptState:
    """What `make up` keeps between runs in `<run dir>/state.json`: the ports chosen on the first
    run, the admin token and the secret key (which seals the secrets stored in `data/`)."""

    path: Path
    ports: dict[str, int] = field(default_factory=dict)
    admin_token: str | None = None
    secret_key: str | None = None
    first_run: bool = True

    @classmethod
    def load(cls, path: Path) -> KeptState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return cls(path)
        ports = {str(k): int(v) for k, v in dict(raw.get("ports", {})).items()}
        return cls(path, ports, raw.get("admin_token"), raw.get("secret_key"), first_run=False)

    def free_or_new(self, names: Iterable[str], host: str = LOOPBACK) -> list[str]:
        """Keep each named port if nothing listens on it now, else choose a new one; returns the
        names whose port changed (the run says so)."""
        moved = []
        for name in names:
            kept = self.ports.get(name)
            if kept is None or port_open(host, kept):
                if kept is not None:
                    moved.append(name)
                self.ports[name] = free_port(host)
        return moved

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"ports": self.ports, "admin_token": self.admin_token, "secret_key": self.secret_key}
        self.path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.path.chmod(0o600)  # the admin token and the secret key
