"""(to be written)"""

from __future__ import annotations

from starlette.routing import Route

from loosen.web.context import WebContext


def routes(ctx: WebContext) -> list[Route]:
    return []
