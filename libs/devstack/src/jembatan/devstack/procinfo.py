"""Look at processes through /proc (Linux): used to prove nothing outlives a runner."""

from __future__ import annotations

from pathlib import Path


def running(pid: int) -> bool:
    """True when `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in {"Z", "X"}


def command_lines() -> dict[int, str]:
    """pid → command line (arguments joined by spaces) of every process this user can read."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found[int(entry.name)] = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue
    return found


def pids_with_cmdline(fragment: str) -> list[int]:
    """Live processes whose command line contains `fragment`."""
    return [pid for pid, cmdline in command_lines().items() if fragment in cmdline and running(pid)]
