"""Deterministic fault injection per database: scheduled (next N calls) or seeded-random rates."""

from __future__ import annotations

import fnmatch
import random
from dataclasses import dataclass, field
from typing import Any

KINDS = ("latency", "server_error", "upsss_json", "runtime_exception", "session_expired", "rate_limit", "drop",
         "commit_then_drop")


@dataclass
class FaultRule:
    kind: str
    path: str = "*"  # glob over "<module>/<action>.do", e.g. "sales-invoice/save.do", "*/bulk-save.do"
    count: int | None = None  # fire on the next N matching calls
    rate: float | None = None  # or with this probability (seeded RNG)
    skip: int = 0  # let this many matching calls pass first
    latency_ms: int = 0
    status: int = 503
    message: str = ""  # runtime_exception: the Java exception text (default java.lang.RuntimeException)

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> FaultRule:
        kind = str(raw.get("kind", ""))
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {KINDS}")
        count = raw.get("count")
        rate = raw.get("rate")
        if count is None and rate is None:
            count = 1
        return cls(kind, str(raw.get("path", "*")), None if count is None else int(count),
                   None if rate is None else float(rate), int(raw.get("skip", 0)),
                   int(raw.get("latencyMs", raw.get("latency_ms", 0))), int(raw.get("status", 503)),
                   str(raw.get("message", "")))

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "count": self.count, "rate": self.rate, "skip": self.skip,
                "latencyMs": self.latency_ms, "status": self.status, "message": self.message}


@dataclass
class FaultPlan:
    seed: int = 0
    rules: list[FaultRule] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    calls: int = 0
    _rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, path: str) -> list[FaultRule]:
        """Faults that fire on this call (several may, e.g. latency plus a drop)."""
        self.calls += 1
        fired = []
        for rule in self.rules:
            if not fnmatch.fnmatchcase(path, rule.path):
                continue
            if rule.skip > 0:
                rule.skip -= 1
                continue
            if rule.count is not None:
                if rule.count <= 0:
                    continue
                rule.count -= 1
                fired.append(rule)
            elif rule.rate is not None and self._rng.random() < rule.rate:
                fired.append(rule)
        for rule in fired:
            self.log.append({"call": self.calls, "path": path, "kind": rule.kind})
        return fired

    def as_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "calls": self.calls, "rules": [r.as_dict() for r in self.rules], "log": self.log}
