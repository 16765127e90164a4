"""`tenant.config.v1`: one tenant's whole configuration, published by ingest (the one place where it
is entered and verified) and projected by every service that needs part of it.

The topic is compacted and keyed by tenant id: each message is the tenant's complete configuration at
`version`, so the latest one alone is enough. Every secret travels SEALED (Fernet, with the
`JEMBATAN_SECRET_KEY` every service shares); a `*_sealed` field refuses anything that is not a Fernet
token, so a plain secret can never be put on the topic by mistake.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# A Fernet token: version byte 0x80 → url-safe base64 text beginning with "gAAAAA".
Sealed = Annotated[str, StringConstraints(pattern=r"^gAAAAA[A-Za-z0-9_\-]+=*$", max_length=20_000)]


class IsellerPull(BaseModel):
    """The iSeller API client ingest pulls with (only ingest uses it; kept here so the record is whole)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    oauth_url: str
    client_id: str
    client_secret_sealed: Sealed
    refresh_token_sealed: Sealed | None = None
    resource_url: str | None = None


class AccurateApiToken(BaseModel):
    """An Accurate API token with its signature secret (one token = one database)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: Literal["api_token"] = "api_token"
    account_url: str
    api_token_sealed: Sealed
    signature_secret_sealed: Sealed
    database_id: str | None = None
    database_alias: str | None = None


class AccurateOAuth(BaseModel):
    """OAuth tokens the merchant granted, and the database they chose.

    Only ingest refreshes the refresh token (Accurate rotates it); the new pair reaches the other
    services as the next version of this record, before the old access token expires."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: Literal["oauth"] = "oauth"
    account_url: str
    access_token_sealed: Sealed
    refresh_token_sealed: Sealed | None = None
    access_expires_at: datetime | None = None
    database_id: str
    database_alias: str | None = None
    host: str | None = None


AccurateConnection = Annotated[AccurateApiToken | AccurateOAuth, Field(discriminator="method")]


class TenantConfigured(BaseModel):
    """A tenant's configuration as a whole; a section that is None was never given."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)  # grows by one with every change; a projection keeps the highest
    store_name: str
    webhook_key_sealed: Sealed | None = None
    iseller_pull: IsellerPull | None = None
    accurate: AccurateConnection | None = None


class MasterDataPulled(BaseModel):
    """Outlets or products ingest pulled from iSeller (one page: GetOutlets / GetProducts items as
    iSeller sent them), on `tenant.master-data.v1`; the mapper keeps them for its pickers and checks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["outlet", "product"]
    items: list[dict[str, Any]]
    pulled_at: datetime


TENANT_SCHEMAS: dict[str, type[BaseModel]] = {
    "tenant.configured/1": TenantConfigured,
    "tenant.master_data_pulled/1": MasterDataPulled,
}
