"""`python -m jembatan.ingest.cli backfill --tenant T --from D --to D`: drive ingest's admin API.

Starts a backfill pull and shows its progress until it ends. Reads `JEMBATAN_INGEST_URL`
(default `http://127.0.0.1:8101`) and `JEMBATAN_ADMIN_TOKEN` unless given as options.
Exit status: 0 when the pull is done, 1 when it failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

POLL_SECONDS = 0.5


def progress_line(run: dict[str, Any]) -> str:
    """One human line for a pull run."""
    return (
        f"pull {run['id']} {run['status']}: windows {run['windows_done']}/{run['windows_total']}, "
        f"pages {run['pages']}, orders {run['orders_seen']} seen / {run['orders_new']} new"
        f" / {run['orders_parked']} parked, products {run['products']}, outlets {run['outlets']}, "
        f"shifts {run['shifts']} ({run['shifts_without_close']} closes learned by polling)"
    )


def backfill(
    client: httpx.Client, tenant: str, first: str, last: str, out: Callable[[str], None] = print
) -> dict[str, Any]:
    """Start the backfill and follow it to the end; returns the final run."""
    answer = client.post(f"/admin/tenants/{tenant}/backfill", json={"from": first, "to": last})
    answer.raise_for_status()
    run: dict[str, Any] = answer.json()
    shown = ""
    while True:
        line = progress_line(run)
        if line != shown:
            out(line)
            shown = line
        if run["status"] != "running":
            return run
        time.sleep(POLL_SECONDS)
        answer = client.get(f"/admin/tenants/{tenant}/pulls/{run['id']}")
        answer.raise_for_status()
        run = answer.json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jembatan.ingest.cli")
    parser.add_argument("--url", default=os.environ.get("JEMBATAN_INGEST_URL", "http://127.0.0.1:8101"))
    parser.add_argument(
        "--token",
        default=None,
        help="admin bearer token (global or this tenant's; default: JEMBATAN_ADMIN_TOKEN)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fill = commands.add_parser("backfill", help="pull a range of store days from iSeller")
    fill.add_argument("--tenant", required=True)
    fill.add_argument("--from", dest="first", required=True, help="first store day, YYYY-MM-DD")
    fill.add_argument("--to", dest="last", required=True, help="last store day, YYYY-MM-DD (inclusive)")
    args = parser.parse_args(argv)
    token = args.token or os.environ.get("JEMBATAN_ADMIN_TOKEN", "")
    if not token:
        print("an operator token is needed: --token or JEMBATAN_ADMIN_TOKEN", file=sys.stderr)
        return 2
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        try:
            run = backfill(client, args.tenant, args.first, args.last)
        except httpx.HTTPStatusError as exc:
            print(f"refused: HTTP {exc.response.status_code} {exc.response.text}", file=sys.stderr)
            return 2
    if run["status"] != "done":
        print(f"failed: {run['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
