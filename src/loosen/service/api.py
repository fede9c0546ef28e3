"""The local control API (Starlette), served by the service on 127.0.0.1.

Security for a local server (architecture.md §4): only ``localhost``/``127.0.0.1``/``[::1]`` Host
headers (DNS rebinding), no state change from a cross-site page (``Origin`` /
``Sec-Fetch-Site``), the per-run token on every ``/api`` route, a strict Content-Security-Policy,
and one JSON error shape ``{"ok": false, "error": "...", "status": N}`` with no traceback ever.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Mapping
from email.utils import formatdate
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
COMMANDS = ("pause", "resume", "snooze", "skip", "break", "break-done", "moved", "answer", "stop")


class ServiceControl(Protocol):
    def status(self) -> dict[str, Any]: ...

    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        """(ok, message); a refused command is ok=False with the reason."""
        ...


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


def create_app(control: ServiceControl, token: str) -> ASGIApp:
    def authorized(request: Request) -> bool:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    def protected(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def inner(request: Request) -> Response:
            if not authorized(request):
                return error("A valid token is required; use the `loosen` command.", 401)
            return await handler(request)

        return inner

    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True, **control.status()})

    async def command(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in COMMANDS:
            return error(f'There is no command "{kind}".', 404)
        raw = await request.body()
        body: Any = {}
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                return error("The request body is not valid JSON.", 400)
            if not isinstance(body, dict):
                return error("The request body must be a JSON object.", 400)
        ok, message = await control.command(kind, body)
        if not ok:
            return error(message, 409 if not message.startswith("Bad ") else 400)
        return JSONResponse({"ok": True, "message": message, **control.status()})

    async def not_found(request: Request, exc: Exception) -> Response:
        return error("Not found.", 404)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error("Method not allowed.", 405)

    app = Starlette(
        routes=[
            Route("/api/status", protected(status), methods=["GET"]),
            Route("/api/{kind}", protected(command), methods=["POST"]),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
    )
    return Guard(app)
