"""The HTML pages, the login step and the static files.

Pages are plain HTML shipped as package data; their ES modules fetch what they show from the
JSON API. No template engine: nothing is rendered on the server, and the service stays small.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from loosen.web.auth import COOKIE
from loosen.web.context import WebContext
from loosen.web.static import file_response, static

PAGES = {
    "/": "dashboard.html",
    "/routine/{name}": "player.html",
    "/routines": "routines.html",
    "/history": "history.html",
    "/settings": "settings.html",
    "/checkin": "checkin.html",
}


def safe_next(target: str | None) -> str:
    """Only a path on this server: never another site (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def routes(ctx: WebContext) -> list[Route]:
    def page(filename: str) -> Callable[[Request], Awaitable[Response]]:
        async def show(request: Request) -> Response:
            return file_response(filename)

        return show

    async def login(request: Request) -> Response:
        access = ctx.access
        if access.web_host is not None and not access.on_web_host(request.headers):
            # an address on 127.0.0.1 (typed by hand, or from an older loosen): the cookie
            # must belong to the per-user name, so go there with the ticket still unused
            port = (request.scope.get("server") or ("", 80))[1]
            target = f"http://{access.web_host}:{port}/login?{request.url.query}"
            return RedirectResponse(target, status_code=307)
        ticket = request.query_params.get("ticket", "")
        if not access.redeem(ticket):
            return file_response("welcome.html", status=401)
        response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
        # host-only (no Domain): sent back to this exact name alone, never to 127.0.0.1
        response.set_cookie(
            COOKIE, access.new_session(), httponly=True, samesite="strict", path="/"
        )
        return response

    found = [Route(path, page(name), methods=["GET"]) for path, name in PAGES.items()]
    return [
        *found,
        Route("/login", login, methods=["GET"]),
        Route("/static/{path:path}", static, methods=["GET"]),
    ]
