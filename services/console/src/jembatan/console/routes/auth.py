"""Sign-in with an operator token, sign-out, and the language switch."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..admin_apis import Refusal
from ..deps import ApisDep, CsrfChecked, SessionDep
from ..pages import FORM_AGAIN, render
from ..session import LANGUAGES

router = APIRouter()
PROBE = "/admin/tenants/console-sign-in/parked"  # any admin route: it answers 401 to a wrong token


@router.get("/")
async def home(session: SessionDep) -> Response:
    return RedirectResponse("/tenants" if session.signed_in else "/signin", status_code=303)


@router.get("/signin")
async def sign_in_page(request: Request) -> Response:
    return render(request, "signin.html")


@router.post("/signin", dependencies=[CsrfChecked])
async def sign_in(request: Request, session: SessionDep, apis: ApisDep, token: Annotated[str, Form()] = "") -> Response:
    """The token is checked against the mapper's admin API before the session holds it."""
    if not token.strip():
        return render(request, "signin.html", FORM_AGAIN, error_key="signin.empty")
    try:
        await apis.call("mapper", "GET", PROBE, token.strip())
    except Refusal as refusal:
        if refusal.status == 401:
            return render(request, "signin.html", FORM_AGAIN, error_key="signin.refused")
        raise
    session.token = token.strip()
    session.csrf = secrets.token_urlsafe(32)  # a new session gets a new CSRF token
    return RedirectResponse("/tenants", status_code=303)


@router.post("/signout", dependencies=[CsrfChecked])
async def sign_out(session: SessionDep) -> Response:
    session.token, session.tenants = None, []
    session.csrf = secrets.token_urlsafe(32)
    return RedirectResponse("/signin", status_code=303)


@router.post("/language", dependencies=[CsrfChecked])
async def language(
    request: Request, session: SessionDep, lang: Annotated[str, Form()], back: Annotated[str, Form()] = "/"
) -> Response:
    if lang in LANGUAGES:
        session.lang = lang
    # only a path of this console, never another site
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    return RedirectResponse(target, status_code=303)
