"""OAuth 2.0 authorization-code grant (§1.2): consent page, code exchange, refresh."""

from __future__ import annotations

import base64
import html
import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..assumptions import ACCESS_TOKEN_TTL_SECONDS
from ..domain.dates import now_utc
from ..modules.registry import MODULES
from ..store.tenants import App, OAuthGrant
from .state import SandboxState


def _app_by_client(state: SandboxState, client_id: str) -> App | None:
    return next((a for a in state.tenants.apps.values() if a.client_id == client_id), None)


def all_scopes() -> list[str]:
    return sorted(f"{m.scope}_{suffix}" for m in MODULES.values() for suffix in ("view", "save", "delete"))


async def authorize(state: SandboxState, request: Request) -> Response:
    """GET shows the consent form; POST (the form) redirects to ``redirect_uri?code=…&state=…``."""
    if request.method == "GET":
        params = dict(request.query_params)
    else:
        params = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        params["scope"] = " ".join(v for k, v in parse_qsl((await request.body()).decode()) if k == "approve") or \
            params.get("scope", "")
    app = _app_by_client(state, params.get("client_id", ""))
    redirect_uri = params.get("redirect_uri", "")
    if app is None or params.get("response_type", "code") != "code" or not redirect_uri:
        return HTMLResponse("<h1>invalid_request</h1>", status_code=400)
    requested = [s for s in params.get("scope", "").split() if s]
    if request.method == "GET":
        return HTMLResponse(_consent_page(state, app, params, requested))
    if params.get("decision") == "deny":
        return RedirectResponse(f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': params.get('state', '')})}",
                                status_code=302)
    user = params.get("user") or "sandbox@jembatan.test"
    code = secrets.token_urlsafe(24)
    state.tenants.codes[code] = (app.app_id, user, frozenset(requested), redirect_uri)
    query = {"code": code, **({"state": params["state"]} if params.get("state") else {})}
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(query)}", status_code=302)


def _consent_page(state: SandboxState, app: App, params: dict[str, str], requested: list[str]) -> str:
    esc = html.escape
    users = sorted(set(state.tenants.owners.values())) or ["sandbox@jembatan.test"]
    hidden = "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">'
                     for k, v in params.items() if k in {"client_id", "redirect_uri", "response_type", "state"})
    boxes = "".join(f'<label><input type="checkbox" name="approve" value="{esc(s)}" checked> {esc(s)}</label><br>'
                    for s in requested)
    options = "".join(f'<option value="{esc(u)}">{esc(u)}</option>' for u in users)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Otorisasi Aplikasi</title></head>
<body><h1>{esc(app.name)} meminta akses</h1>
<form method="post" action="/oauth/authorize">{hidden}
<p>Pengguna: <select name="user">{options}</select></p>
<p>Hak akses:</p>{boxes}
<button type="submit" name="decision" value="allow">Izinkan</button>
<button type="submit" name="decision" value="deny">Tolak</button>
</form></body></html>"""


def _oauth_error(error: str, status: int = 400) -> Response:
    return JSONResponse({"error": error}, status_code=status)


async def token(state: SandboxState, request: Request) -> Response:
    """``grant_type=authorization_code`` or ``refresh_token``, client authenticated with HTTP Basic."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    try:
        client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
    except ValueError:
        return _oauth_error("invalid_client", 401)
    app = _app_by_client(state, client_id)
    if scheme.lower() != "basic" or app is None or app.client_secret != client_secret:
        return _oauth_error("invalid_client", 401)
    form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    tenants = state.tenants
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        found = tenants.codes.pop(form.get("code", ""), None)
        if found is None or found[0] != app.app_id or found[3] != form.get("redirect_uri"):
            return _oauth_error("invalid_grant")
        _, user, scopes, _ = found
    elif grant_type == "refresh_token":
        old_access = tenants.refresh_index.pop(form.get("refresh_token", ""), None)
        old = tenants.grants.get(old_access or "")
        if old is None or old.app_id != app.app_id or old.revoked:
            return _oauth_error("invalid_grant")
        old.revoked = True
        user, scopes = old.user, old.scopes
    else:
        return _oauth_error("unsupported_grant_type")
    grant = OAuthGrant(secrets.token_hex(20), secrets.token_hex(20), app.app_id, user, scopes,
                       now_utc() + timedelta(seconds=ACCESS_TOKEN_TTL_SECONDS))
    tenants.grants[grant.access_token] = grant
    tenants.refresh_index[grant.refresh_token] = grant.access_token
    return JSONResponse({"access_token": grant.access_token, "refresh_token": grant.refresh_token,
                         "token_type": "bearer", "expires_in": ACCESS_TOKEN_TTL_SECONDS,
                         "scope": " ".join(sorted(scopes)), "user": {"email": user}})
