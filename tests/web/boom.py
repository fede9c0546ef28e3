"""A route module that fails, to check the web app's last-resort error (used by a test)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.web.context import WebContext


def routes(ctx: WebContext) -> list[Route]:
    async def boom(request: Request) -> Response:
        raise RuntimeError("a bug")

    return [Route("/api/boom", boom, methods=["GET"])]
