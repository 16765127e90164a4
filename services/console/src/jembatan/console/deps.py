"""What every route needs, as `Annotated` aliases: the session, the signed-in token, the APIs, CSRF."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Path, Request

from .admin_apis import AdminApis
from .session import Session

TENANT_ID = r"^[a-z0-9][a-z0-9-]{1,39}$"


class SignInRequired(Exception):
    """The page needs a signed-in operator; answered with a redirect to /signin."""


class CsrfRefused(Exception):
    """A POST without the session's CSRF token; answered with 403 and a sentence."""


def session_of(request: Request) -> Session:
    session: Session = request.state.session
    return session


def token_of(session: Annotated[Session, Depends(session_of)]) -> str:
    if not session.token:
        raise SignInRequired
    return session.token


def apis_of(request: Request) -> AdminApis:
    apis: AdminApis = request.app.state.apis
    return apis


async def csrf_checked(request: Request, session: Annotated[Session, Depends(session_of)]) -> None:
    """Every POST carries the session's CSRF token, as a form field or an `X-CSRF-Token` header."""
    given = request.headers.get("x-csrf-token")
    if given is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get("csrf_token")
        given = value if isinstance(value, str) else None
    if not session.csrf_matches(given):
        raise CsrfRefused


def tenant_of(session: Annotated[Session, Depends(session_of)], tenant_id: Annotated[str, Path(pattern=TENANT_ID)]) -> str:
    session.remember_tenant(tenant_id)
    return tenant_id


def valid_tenant_id(value: str) -> bool:
    return re.fullmatch(TENANT_ID, value) is not None


SessionDep = Annotated[Session, Depends(session_of)]
TokenDep = Annotated[str, Depends(token_of)]
ApisDep = Annotated[AdminApis, Depends(apis_of)]
TenantDep = Annotated[str, Depends(tenant_of)]
CsrfChecked = Depends(csrf_checked)
