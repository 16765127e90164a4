"""Secrets at rest (iSeller API keys, Accurate tokens) are encrypted with the service's key."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

from .settings import fernet_key_bytes


class SecretBox:
    def __init__(self, key: SecretStr) -> None:
        fernet_key_bytes(key.get_secret_value())  # a clear error naming JEMBATAN_SECRET_KEY
        self._fernet = Fernet(key.get_secret_value().encode())

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ValueError("secret cannot be decrypted with this JEMBATAN_SECRET_KEY") from None
