"""The poster's settings (`JEMBATAN_*` environment variables)."""

from typing import Self

from jembatan.accurate.budget import DEFAULT_RATE, KEPT_FREE
from jembatan.platform.settings import ServiceSettings
from pydantic import Field, model_validator


class PosterSettings(ServiceSettings):
    service_name: str = "poster"
    http_port: int = 8103
    shift_grace_seconds: float = 600.0  # a shift window waits this long for missing facts, twice
    window_sweep_seconds: float = 30.0  # how often overdue shift windows are looked at
    # Of a database's 8 requests/s and 8 in flight, kept free for the mapper's and ingest's own calls.
    accurate_kept_free: int = Field(default=KEPT_FREE, ge=0, le=DEFAULT_RATE - 1)
    accurate_timeout_seconds: float = Field(default=30.0, gt=0)  # one call to Accurate gives up after it
    # A replica holds a tenant's sending this long unless it renews it (every third): when a replica
    # dies, another takes its tenants once it expires — after every call of the dead one has timed
    # out, so it must be longer than a call's timeout (docs/posting-sender.md).
    sending_lease_seconds: float = Field(default=45.0, gt=0)

    @model_validator(mode="after")
    def _sending_lease_outlasts_a_call(self) -> Self:
        if self.sending_lease_seconds <= self.accurate_timeout_seconds:
            raise ValueError(
                f"JEMBATAN_SENDING_LEASE_SECONDS ({self.sending_lease_seconds:g}) must be longer than "
                f"JEMBATAN_ACCURATE_TIMEOUT_SECONDS ({self.accurate_timeout_seconds:g}): another poster "
                "replica could take a tenant over while a call of the replica that held it is still out"
            )
        return self
