"""The web app and control API as one Starlette application (``create_app``).

Every route comes from a module with ``routes(ctx) -> list[Route]``; this module decides who may
reach it: ``/api/...`` needs the token (the CLI) or the browser's session cookie (the pages, on
the per-user host name only); a page opened without it explains how to get in; ``/static/...``
and ``/login`` are open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from loosen.i18n import _
from loosen.web.context import WebContext
from loosen.web.security import Guard, error

Handler = Callable[[Request], Awaitable[Response]]

# the modules that contribute routes; each has routes(ctx) -> list[Route]
ROUTE_MODULES = (
    "loosen.web.control",  # status, commands, tickets, live events, today's timeline
    "loosen.web.pages",  # the HTML pages, /login and /static
    "loosen.web.routines_api",  # routines and moves, importing a routine file
    "loosen.web.player_api",  # pose data and a routine's outcome
    "loosen.web.history_api",  # charts' data and exports
    "loosen.web.settings_api",  # reading and saving settings
    "loosen.web.checkin_api",  # "something feels wrong"
)


def create_app(ctx: WebContext, extra_modules: tuple[str, ...] = ()) -> ASGIApp:
    def protected(handler: Handler) -> Handler:
        async def inner(request: Request) -> Response:
            if not ctx.access.allows(request.headers, request.cookies):
                return error(
                    _(
                        "A valid token is required: use the `loosen` command, or open the web app "
                        "with `loosen open`."
                    ),
                    401,
                )
            return await handler(request)

        return inner

    def page(handler: Handler) -> Handler:
        async def inner(request: Request) -> Response:
            if not ctx.access.allows(request.headers, request.cookies):
                from loosen.web.pages import page_response

                return page_response("welcome.html", status=401)
            return await handler(request)

        return inner

    routes: list[Route] = []
    import importlib

    for name in (*ROUTE_MODULES, *extra_modules):
        module = importlib.import_module(name)
        for r in module.routes(ctx):
            if r.path.startswith("/api/"):
                endpoint = protected(r.endpoint)
            elif r.path.startswith("/static/") or r.path in ("/login", "/i18n.json"):
                endpoint = r.endpoint
            else:
                endpoint = page(r.endpoint)
            routes.append(Route(r.path, endpoint, methods=list(r.methods or ["GET"]), name=r.name))
    # a fixed path before the patterns that also match it (POST /api/checkin, /api/{kind})
    routes.sort(key=lambda r: "{" in r.path)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error(_("Not found."), 404)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error(_("Method not allowed."), 405)

    async def internal(request: Request, exc: Exception) -> Response:
        # Starlette sends this, then re-raises: the Guard logs it (and sends nothing more)
        return error(_("Something went wrong inside loosen; see its log."), 500)

    app = Starlette(
        routes=routes,
        exception_handlers={404: not_found, 405: not_allowed, Exception: internal},
    )
    return Guard(app, ctx.access.web_host)
