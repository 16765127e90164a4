"""`tenant.configured/1`: a secret can only travel sealed."""

import pytest
from cryptography.fernet import Fernet
from jembatan.contracts.tenant import TenantConfigured
from pydantic import ValidationError

BOX = Fernet(Fernet.generate_key())


def sealed(text: str) -> str:
    return BOX.encrypt(text.encode()).decode()


def record(**accurate: str) -> dict:
    return {"version": 1, "store_name": "Toko", "webhook_key_sealed": sealed("k"),
            "accurate": {"method": "api_token", "account_url": "https://account.accurate.id", **accurate}}  # fmt: skip


def test_a_sealed_token_is_carried_and_opens_with_the_shared_key():
    parsed = TenantConfigured.model_validate(
        record(api_token_sealed=sealed("aat.x"), signature_secret_sealed=sealed("s"))
    )
    assert BOX.decrypt(parsed.accurate.api_token_sealed.encode()) == b"aat.x"


@pytest.mark.parametrize("plain", ["aat.MTIzNDU2.eyJkIjoxfQ", "the-signature-secret", ""])
def test_a_plain_secret_is_refused(plain):
    with pytest.raises(ValidationError):
        TenantConfigured.model_validate(record(api_token_sealed=plain, signature_secret_sealed=sealed("s")))


def test_an_oauth_connection_names_its_database():
    oauth = {
        "method": "oauth",
        "account_url": "https://account.accurate.id",
        "access_token_sealed": sealed("a"),
    }
    with pytest.raises(ValidationError):
        TenantConfigured.model_validate({"version": 1, "store_name": "Toko", "accurate": oauth})
    ok = TenantConfigured.model_validate(
        {"version": 1, "store_name": "Toko", "accurate": oauth | {"database_id": "7"}}
    )
    assert ok.accurate.method == "oauth" and ok.accurate.database_id == "7"
