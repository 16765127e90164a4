"""A seeded latency model: network arrival jitter (before the limiter) plus service time (in flight)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .. import assumptions as A


@dataclass
class Latency:
    """Service time triangular in [low, high] ms with its mode at ``mode``; arrival uniform in [0, jitter]."""

    enabled: bool = False
    low_ms: float = A.LATENCY_LOW_MS
    mode_ms: float = A.LATENCY_MODE_MS
    high_ms: float = A.LATENCY_HIGH_MS
    arrival_jitter_ms: float = A.ARRIVAL_JITTER_MS
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.low_ms <= self.mode_ms <= self.high_ms:
            raise ValueError("latency needs 0 <= low <= mode <= high")
        if self.arrival_jitter_ms < 0:
            raise ValueError("arrival jitter must not be negative")
        self._rng = random.Random(self.seed)

    @classmethod
    def parse(cls, text: str, *, seed: int = 0, arrival_jitter_ms: float = A.ARRIVAL_JITTER_MS) -> Latency:
        """``off``, ``LOW-HIGH`` (mode scaled like the default) or ``LOW-MODE-HIGH`` in milliseconds."""
        if text.strip().lower() in ("off", "0", "none", ""):
            return cls(enabled=False, seed=seed, arrival_jitter_ms=0)
        parts = [float(p) for p in text.split("-")]
        if len(parts) == 2:
            low, high = parts
            share = (A.LATENCY_MODE_MS - A.LATENCY_LOW_MS) / (A.LATENCY_HIGH_MS - A.LATENCY_LOW_MS)
            parts = [low, low + (high - low) * share, high]
        if len(parts) != 3:
            raise ValueError(f"latency must be 'off', 'LOW-HIGH' or 'LOW-MODE-HIGH' (ms), not {text!r}")
        return cls(True, parts[0], parts[1], parts[2], arrival_jitter_ms, seed)

    def arrival(self) -> float:
        """Seconds the request spends on the network before the server (and its limiter) sees it."""
        if not self.enabled or self.arrival_jitter_ms == 0:
            return 0.0
        return self._rng.uniform(0, self.arrival_jitter_ms) / 1000

    def service(self) -> float:
        """Seconds the server works on an admitted request."""
        if not self.enabled:
            return 0.0
        return self._rng.triangular(self.low_ms, self.high_ms, self.mode_ms) / 1000

    def as_dict(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "lowMs": self.low_ms, "modeMs": self.mode_ms, "highMs": self.high_ms,
                "arrivalJitterMs": self.arrival_jitter_ms, "seed": self.seed}

    @classmethod
    def from_dict(cls, spec: dict[str, Any], current: Latency) -> Latency:
        return cls(bool(spec.get("enabled", current.enabled)), float(spec.get("lowMs", current.low_ms)),
                   float(spec.get("modeMs", current.mode_ms)), float(spec.get("highMs", current.high_ms)),
                   float(spec.get("arrivalJitterMs", current.arrival_jitter_ms)), int(spec.get("seed", current.seed)))
