"""Rendering a page: the template, the operator's language, the menu and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .formatting import rupiah, wib
from .menu import MENU
from .messages import LANGUAGE_NAMES, translate
from .session import LANGUAGES, Session

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    session: Session = request.state.session
    lang = session.lang
    return templates.TemplateResponse(
        request,
        template,
        {
            "session": session,
            "lang": lang,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "t": lambda key: translate(lang, key),
            "money": lambda amount: rupiah(amount, lang),
            "when": lambda moment: wib(moment, lang),
            "menu": MENU,
            **context,
        },
        status_code=status_code,
    )

# A form shown again with the service's reason is an ordinary page (200), not an HTTP error: htmx
# swaps only 2xx answers, and a browser logs any other status of a page as a console error.
FORM_AGAIN = 200
