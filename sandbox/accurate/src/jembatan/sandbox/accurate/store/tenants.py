"""Sandbox-wide state: developer apps, users, databases and the credentials that reach them."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from .database import Database
from .seed import new_database

ALL_SCOPES = "*"


@dataclass
class App:
    """A developer app: OAuth client id/secret, and the App Key + Signature Secret of API tokens."""

    app_id: int
    name: str
    client_id: str
    client_secret: str
    app_key: str
    signature_secret: str


@dataclass
class ApiToken:
    token: str
    database_id: int
    app_id: int
    user: str
    scopes: frozenset[str] | None = None  # None: every scope
    revoked: bool = False


@dataclass
class OAuthGrant:
    """An access token with its refresh token, issued to an app for a user."""

    access_token: str
    refresh_token: str
    app_id: int
    user: str
    scopes: frozenset[str]
    expires_at: datetime
    revoked: bool = False


@dataclass
class DbSession:
    session: str
    database_id: int
    access_token: str
    expires_at: datetime


@dataclass
class Tenants:
    apps: dict[int, App] = field(default_factory=dict)
    databases: dict[int, Database] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)  # database id -> user email
    api_tokens: dict[str, ApiToken] = field(default_factory=dict)
    grants: dict[str, OAuthGrant] = field(default_factory=dict)  # by access token
    refresh_index: dict[str, str] = field(default_factory=dict)  # refresh token -> access token
    codes: dict[str, tuple[int, str, frozenset[str], str]] = field(default_factory=dict)
    sessions: dict[str, DbSession] = field(default_factory=dict)
    creation: dict[int, dict[str, object]] = field(default_factory=dict)  # to reset a database
    _next_db: int = 1000

    def add_app(self, name: str, seed: str | None = None) -> App:
        app_id = len(self.apps) + 1
        make = _maker(seed or secrets.token_hex(16))
        app = App(app_id, name, make("client", 24), make("secret", 32), make("appkey", 24), make("signature", 32))
        self.apps[app_id] = app
        return app

    def add_database(self, alias: str, *, branches: list[str], warehouses: list[str], start_date: date,
                     user: str, app: App, db_id: int | None = None, seed: str | None = None) -> Database:
        if db_id is None:
            self._next_db += 1
            while self._next_db in self.databases:
                self._next_db += 1
            db_id = self._next_db
        if db_id in self.databases:
            raise ValueError(f"database {db_id} exists")
        self.databases[db_id] = new_database(db_id, alias, start_date, branches, warehouses)
        self.owners[db_id] = user
        self.creation[db_id] = {"alias": alias, "branches": branches, "warehouses": warehouses,
                                "start_date": start_date}
        self.issue_api_token(db_id, app, user, seed=seed)
        return self.databases[db_id]

    def reset_database(self, db_id: int) -> Database:
        spec = self.creation[db_id]
        db = new_database(db_id, str(spec["alias"]), spec["start_date"],  # type: ignore[arg-type]
                          list(spec["branches"]), list(spec["warehouses"]))  # type: ignore[call-overload]
        self.databases[db_id] = db
        return db

    def issue_api_token(self, db_id: int, app: App, user: str, *, seed: str | None = None) -> ApiToken:
        """``aat.<db>.<random>.<base64 JSON {ak, an, ap, d}>`` as seen on real tokens (§1.4)."""
        make = _maker(seed or secrets.token_hex(16))
        claims = {"ak": app.app_key, "an": app.name, "ap": app.app_id, "d": db_id}
        payload = base64.b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()
        db_part = base64.b64encode(str(db_id).encode()).decode().rstrip("=")
        token = f"aat.{db_part}.{make(f'token-{db_id}-{app.app_id}', 32)}.{payload}"
        self.api_tokens[token] = ApiToken(token, db_id, app.app_id, user)
        return self.api_tokens[token]

    def expire_session(self, session_id: str) -> None:
        """End one database session now (it then answers "Data Session Key tidak tepat")."""
        session = self.sessions.get(session_id)
        if session is not None:
            session.expires_at = datetime.now(UTC) - timedelta(seconds=1)

    def expire_sessions_of(self, db_id: int) -> None:
        """End every session opened on one database."""
        for session in list(self.sessions.values()):
            if session.database_id == db_id:
                self.expire_session(session.session)

    def tokens_for(self, db_id: int) -> list[ApiToken]:
        return [t for t in self.api_tokens.values() if t.database_id == db_id and not t.revoked]

    def databases_of(self, user: str) -> list[Database]:
        return [db for db_id, db in sorted(self.databases.items()) if self.owners.get(db_id) == user]


def _maker(seed: str) -> Callable[[str, int], str]:
    """Deterministic hex strings from a seed (the demo database must have fixed credentials)."""
    def make(label: str, length: int) -> str:
        return hashlib.sha256(f"{seed}:{label}".encode()).hexdigest()[:length]
    return make
