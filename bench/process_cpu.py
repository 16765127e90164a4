"""CPU seconds of the pipeline's processes over a phase, read from /proc (Linux), for `pipeline_rate.py`.

A `CpuSnapshot` is taken at the start and at the end of a phase; `cpu_breakdown(before, after,
units)` gives each process's CPU seconds and CPU ms per unit (accepted webhook), their sum, and what
the sum means in cores at a given rate. What each figure counts (bench/README.md, "Pipeline rate"):

- a service (ingest, mapper, poster) and the sandbox: its process and its living descendants (a
  relay in a process of its own, uvicorn's workers), user + system;
- tansu: its process;
- the sender: this process (every thread: the sender's event loop, the fact counter, the 5 s
  `/metrics` samples);
- PostgreSQL: every process whose command line starts with `postgres:` — every backend and
  background process of the server, not only this bench's database, because the server is shared
  by the machine — plus the CPU of backends that exited during the phase (the postmaster's
  `cutime + cstime`). `postgres_this_database` is the part of it in backends connected to the
  bench's database (its name in their command line), for comparison.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass, field
from pathlib import Path

from ingest_throughput import process_tree  # this folder is on sys.path
from jembatan.devstack.procinfo import command_lines

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (field 3, the state, is index 0)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def own_cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` alone (0 when it is gone)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its living descendants."""
    return sum(own_cpu_seconds(member) for member in process_tree(pid))


def reaped_children_cpu_seconds(pid: int) -> float:
    """CPU of `pid`'s children that exited and were waited for (`cutime + cstime`)."""
    fields = _stat_fields(pid)
    return (int(fields[13]) + int(fields[14])) / TICKS if fields else 0.0


def postgres_processes() -> dict[int, str]:
    """pid → command line of every process whose command line starts with `postgres:`."""
    return {pid: cmdline for pid, cmdline in command_lines().items() if cmdline.startswith("postgres:")}


def _parent(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


@dataclass
class CpuSnapshot:
    """CPU seconds so far: per named process tree, this process, and per PostgreSQL process."""

    trees: dict[str, float]
    sender: float
    postgres: dict[int, float]
    postgres_database: set[int]  # the pids among `postgres` connected to the bench's database
    postmaster_reaped: dict[int, float] = field(default_factory=dict)  # postmaster pid → cutime + cstime

    @classmethod
    def take(cls, pids: dict[str, int], database: str) -> CpuSnapshot:
        """`pids`: name → pid of each process tree to count (ingest, mapper, …)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        backends = postgres_processes()
        postmasters = {p for p in (_parent(pid) for pid in backends) if p is not None and p not in backends}
        return cls(
            trees={name: tree_cpu_seconds(pid) for name, pid in pids.items()},
            sender=usage.ru_utime + usage.ru_stime,
            postgres={pid: own_cpu_seconds(pid) for pid in backends},
            postgres_database={pid for pid, cmdline in backends.items() if f" {database} " in cmdline},
            postmaster_reaped={pid: reaped_children_cpu_seconds(pid) for pid in postmasters},
        )


def _postgres_delta(before: CpuSnapshot, after: CpuSnapshot, pids: set[int] | None = None) -> float:
    """CPU of the PostgreSQL processes between the snapshots (a process started meanwhile from 0);
    with `pids`, only those; else every process, and the backends that exited meanwhile too."""
    total = sum(
        cpu - before.postgres.get(pid, 0.0)
        for pid, cpu in after.postgres.items()
        if pids is None or pid in pids
    )
    if pids is None:
        total += sum(
            cpu - before.postmaster_reaped.get(pid, cpu) for pid, cpu in after.postmaster_reaped.items()
        )
    return total


def cpu_breakdown(
    before: CpuSnapshot, after: CpuSnapshot, units: int, rates: dict[str, float]
) -> dict[str, object]:
    """CPU seconds and CPU ms per unit of each process between the snapshots, their sum, and the
    cores that sum needs at each of `rates` (label → units per second): ms per unit × rate / 1000."""
    seconds = {name: after.trees[name] - before.trees.get(name, 0.0) for name in after.trees}
    seconds["sender"] = after.sender - before.sender
    seconds["postgres"] = _postgres_delta(before, after)
    this_database = _postgres_delta(before, after, after.postgres_database)
    total = sum(seconds.values())
    per_unit = {name: round(1000 * s / max(units, 1), 3) for name, s in seconds.items()}
    total_ms = 1000 * total / max(units, 1)
    total_this_database_ms = 1000 * (total - seconds["postgres"] + this_database) / max(units, 1)
    return {
        "cpu_seconds": {name: round(s, 2) for name, s in seconds.items()} | {"total": round(total, 2)},
        "cpu_ms_per_accepted_webhook": per_unit | {"total": round(total_ms, 3)},
        "postgres_this_database": {
            "cpu_seconds": round(this_database, 2),
            "cpu_ms_per_accepted_webhook": round(1000 * this_database / max(units, 1), 3),
            "total_cpu_ms_per_accepted_webhook_with_it": round(total_this_database_ms, 3),
        },
        "cores_needed": {label: round(total_ms * rate / 1000, 2) for label, rate in rates.items()},
        "cores_needed_postgres_this_database_only": {
            label: round(total_this_database_ms * rate / 1000, 2) for label, rate in rates.items()
        },
    }
