"""Product imports the console follows on the operator's behalf, so the page can be left and reopened.

The mapper streams an import's progress as NDJSON lines; the console reads that stream in a task and
keeps the latest figures per tenant in memory (they are the mapper's figures, shown, not owned).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from .admin_apis import AdminApis, Refusal, Unreachable


@dataclass
class ImportProgress:
    done: int = 0
    total: int = 0
    running: bool = True
    report: dict[str, Any] | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else (100 if not self.running else 0)


class ImportRuns:
    def __init__(self) -> None:
        self.progress: dict[str, ImportProgress] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, apis: AdminApis, tenant_id: str, token: str) -> ImportProgress:
        """Start an import unless one is running for the tenant; returns its progress."""
        current = self.progress.get(tenant_id)
        if current is not None and current.running:
            return current
        progress = self.progress[tenant_id] = ImportProgress()
        task = asyncio.create_task(self._follow(apis, tenant_id, token, progress))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return progress

    async def _follow(self, apis: AdminApis, tenant_id: str, token: str, progress: ImportProgress) -> None:
        try:
            path = f"/admin/tenants/{tenant_id}/products/import"
            async for line in apis.stream_lines("mapper", path, token):
                if "done" in line:
                    progress.done, progress.total = int(line["done"]), int(line["total"])
                elif "report" in line:
                    progress.report = line["report"]
                elif "error" in line:
                    progress.error = str(line["error"])
        except Refusal as refusal:
            progress.error, progress.problems = refusal.message, refusal.problems
        except Unreachable as unreachable:
            progress.error = str(unreachable)
        finally:
            progress.running = False

    async def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
