"""The web app's guard: what every request to the local server must satisfy.

Security for a local server (architecture.md §4): the ``Host`` header must name this very server
exactly, with its port: the user's own ``<label>.localhost`` (the browser's name for it) or
``127.0.0.1``/``localhost``/``[::1]`` (programs with the token; a cookie counts only on the
per-user name), which refuses DNS rebinding; no state change from a cross-site page (``Origin``
must be this host and port; ``Sec-Fetch-Site``); the per-run token or a session cookie on every
``/api`` route; a strict Content-Security-Policy; and one JSON error shape
``{"ok": false, "error": "...", "status": N}`` with no traceback ever.
"""

from __future__ import annotations

import json
import logging
import re
from email.utils import formatdate
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from loosen.i18n import _

log = logging.getLogger("loosen.web")

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


class JSONResponse(StarletteJSONResponse):
    """JSON with non-ASCII escaped: a value echoed from bad input (a lone surrogate, a file name
    that is not UTF-8) can never make the response itself fail."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, separators=(",", ":")
        ).encode()


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


HOST = re.compile(r"(?P<name>\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(?P<port>[0-9]{1,5}))?")


def host_ok(host: str, port: int, web_host: str | None) -> bool:
    """``host`` names this server: a loopback name or the per-user name, and its own port."""
    m = HOST.fullmatch(host)
    if m is None or int(m["port"] or 80) != port:
        return False
    name = m["name"].lower()
    return name in LOOPBACK_NAMES or (web_host is not None and name == web_host)


def _same_site(origin: str, host: str) -> bool:
    """The request comes from a page of this very server (the same host name and port)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(origin)
        port = parts.port or 80
    except ValueError:
        return False
    m = HOST.fullmatch(host)
    return (
        parts.scheme == "http"
        and m is not None
        and (parts.hostname or "") == m["name"].lower().strip("[]")
        and port == int(m["port"] or 80)
    )


class Guard:
    """Host allow-list, cross-site refusal, security headers and a fresh Date on every response."""

    def __init__(self, app: ASGIApp, web_host: str | None = None) -> None:
        self.app = app
        self.web_host = web_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = None
        server = scope.get("server") or ("", 80)
        if not host_ok(headers.get("host", ""), int(server[1] or 80), self.web_host):
            problem = error(
                _("This address is not allowed; open the web app with `loosen open`."), 421
            )
        elif scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            site = headers.get("sec-fetch-site")
            origin = headers.get("origin")
            if (site is not None and site not in ("same-origin", "none")) or (
                origin is not None and not _same_site(origin, headers.get("host", ""))
            ):
                problem = error(_("Cross-site requests are refused."), 403)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"date", formatdate(usegmt=True).encode()),
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                ]
                have = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in extra if k not in have]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        if problem is not None:
            await problem(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except ClientDisconnect:  # the client went (or was cut off as too slow): nobody to tell
            return
        except Exception:
            log.exception("error in a request to %s", scope.get("path"))
            if started:  # a response is under way: nothing more can be said in it
                return
            await error(_("Something went wrong inside loosen; see its log."), 500)(
                scope, receive, send_with_headers
            )
