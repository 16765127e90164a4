"""The poster's readiness names each tenant whose Accurate does not answer, and only those."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.fernet import Fernet
from jembatan.platform.crypto import SecretBox
from jembatan.poster.adapters.accurate_gateway import AccurateGateway
from jembatan.poster.adapters.accurate_reachability import AccurateReachability
from jembatan.poster.adapters.tables import AccurateConnection
from pydantic import SecretStr


async def connect(db, box: SecretBox, tenant: str, account_url: str, creds: dict) -> None:
    async with db.session() as session:
        session.add(AccurateConnection(
            tenant_id=tenant, account_url=account_url, token_sealed=box.seal(creds["apiToken"]),
            signature_secret_sealed=box.seal(creds["signatureSecret"]), updated_at=datetime.now(UTC),
        ))  # fmt: skip


async def test_a_reachable_tenant_is_ready_and_an_unreachable_one_is_named(db, accurate):
    box = SecretBox(SecretStr(Fernet.generate_key().decode()))
    gateway = AccurateGateway(db, box)
    check = AccurateReachability(db, gateway)
    await connect(db, box, "toko-ok", accurate.sandbox.account_url, accurate.creds)
    assert await check() is None

    await connect(db, box, "toko-down", "http://127.0.0.1:9", {"apiToken": "aat.x", "signatureSecret": "s"})
    reason = await check()
    assert reason is not None and reason.startswith("toko-down: ") and "toko-ok" not in reason
    await gateway.close()
