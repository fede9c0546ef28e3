"""The control API: status, commands, login tickets, live events and today's timeline."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from loosen.web.context import WebContext
from loosen.web.security import error

COMMANDS = ("pause", "resume", "snooze", "skip", "break", "break-done", "moved", "answer", "stop")


async def json_body(request: Request) -> dict[str, Any] | Response:
    """The request's JSON object (empty when there is no body), or the error response."""
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return error("The request body is not valid JSON.", 400)
    if not isinstance(body, dict):
        return error("The request body must be a JSON object.", 400)
    return body


def routes(ctx: WebContext) -> list[Route]:
    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True, **ctx.control.status()})

    async def command(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in COMMANDS:
            return error(f'There is no command "{kind}".', 404)
        body = await json_body(request)
        if isinstance(body, Response):
            return body
        ok, message = await ctx.control.command(kind, body)
        if not ok:
            return error(message, 409 if not message.startswith("Bad ") else 400)
        return JSONResponse({"ok": True, "message": message, **ctx.control.status()})

    async def ticket(request: Request) -> Response:
        return JSONResponse({"ok": True, "ticket": ctx.access.new_ticket()})

    async def timeline(request: Request) -> Response:
        return JSONResponse({"ok": True, **ctx.control.timeline()})

    async def events(request: Request) -> Response:
        first: list[tuple[str, Any]] = [("status", ctx.control.status())]
        prompt = ctx.control.open_prompt()
        if prompt is not None:
            first.append(("notify", prompt))
        return StreamingResponse(
            ctx.hub.stream(first),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )

    return [
        Route("/api/status", status, methods=["GET"]),
        Route("/api/timeline", timeline, methods=["GET"]),
        Route("/api/events", events, methods=["GET"]),
        Route("/api/ticket", ticket, methods=["POST"]),
        Route("/api/{kind}", command, methods=["POST"]),
    ]
