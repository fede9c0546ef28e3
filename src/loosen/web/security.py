"""The web app's guard: what every request to the local server must satisfy.

Security for a local server (architecture.md §4): only ``localhost``/``127.0.0.1``/``[::1]`` Host
headers (DNS rebinding), no state change from a cross-site page (``Origin`` /
``Sec-Fetch-Site``), the per-run token on every ``/api`` route, a strict Content-Security-Policy,
and one JSON error shape ``{"ok": false, "error": "...", "status": N}`` with no traceback ever.
"""

from __future__ import annotations

from email.utils import formatdate

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _host_ok(host: str) -> bool:
    if host.startswith("["):
        name = host.split("]")[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.lower() in ALLOWED_HOSTS


def _same_site(origin: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme == "http" and (parts.hostname or "") in ("localhost", "127.0.0.1", "::1")


class Guard:
    """Host allow-list, cross-site refusal, security headers and a fresh Date on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = None
        if not _host_ok(headers.get("host", "")):
            problem = error("This address is not allowed; use http://127.0.0.1.", 421)
        elif scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            site = headers.get("sec-fetch-site")
            origin = headers.get("origin")
            if (site is not None and site not in ("same-origin", "none")) or (
                origin is not None and not _same_site(origin)
            ):
                problem = error("Cross-site requests are refused.", 403)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"date", formatdate(usegmt=True).encode()),
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                ]
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in extra if k not in have]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        if problem is not None:
            await problem(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001 (the boundary: never a traceback in a response)
            await error("Something went wrong inside loosen; see its log.", 500)(
                scope, receive, send_with_headers
            )
