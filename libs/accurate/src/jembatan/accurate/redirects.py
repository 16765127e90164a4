"""Following Accurate's redirects safely.

A moved database answers ``308 Permanent Redirect``; the request must be repeated with the same
method, body and Authorization header (httpx would drop the header across hosts, so the transport
follows redirects itself). Credentials are only sent on to the same host or a sibling host under
the same parent domain (``zeus.accurate.id`` → ``odin.accurate.id``), never to a foreign domain,
and never downgraded from https to http.
"""

from __future__ import annotations

import httpx

FOLLOWED = (307, 308)


def follow_target(url: httpx.URL, response: httpx.Response) -> httpx.URL | None:
    """The URL to repeat the request at, or None when the response is final."""
    if response.status_code not in FOLLOWED or "location" not in response.headers:
        return None
    target = url.join(response.headers["location"])
    return target if redirect_allowed(url, target) else None


def redirect_allowed(source: httpx.URL, target: httpx.URL) -> bool:
    """May credentials travel from ``source`` to ``target``?"""
    if source.scheme == "https" and target.scheme != "https":
        return False
    if target.scheme not in ("http", "https"):
        return False
    if source.host == target.host:
        return True
    return _parent(source.host) is not None and _parent(source.host) == _parent(target.host)


def _parent(host: str) -> str | None:
    labels = host.split(".")
    if len(labels) < 3 or all(label.isdigit() for label in labels):
        return None
    return ".".join(labels[-2:])
