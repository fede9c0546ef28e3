"""The control API: status, commands, login tickets, live events and today's timeline."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from loosen.i18n import _
from loosen.web.context import WebContext
from loosen.web.security import JSONResponse, error

COMMANDS = (
    "pause",
    "resume",
    "snooze",
    "skip",
    "break",
    "break-done",
    "break-abandoned",
    "moved",
    "answer",
    "stop",
)
# what each command's body may hold; anything else is refused rather than silently ignored
FIELDS = {"pause": ("minutes", "until"), "answer": ("moved",), "break-done": ("since",)}


MAX_BODY = 1_000_000  # bytes; the largest honest body (a routine file) is far smaller


def _finite_only(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as infinity
        raise ValueError(f"the number {text[:40]} is too large")
    return value


async def json_body(request: Request) -> dict[str, Any] | Response:
    """The request's JSON object (empty when there is no body), or the error response.

    Refused with one sentence: a body over a megabyte (read no further), text that is not UTF-8
    or holds lone surrogates, NaN/Infinity, nesting too deep for the parser, and any JSON that
    is not an object.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return error(
            _("The request body is %(int)s bytes; %(MAX_BODY)s at most.")
            % {"int": format(int(declared), ","), "MAX_BODY": format(MAX_BODY, ",")},
            413,
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return error(
                _("The request body is over %(MAX_BODY)s bytes.")
                % {"MAX_BODY": format(MAX_BODY, ",")},
                413,
            )
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8")
        body = json.loads(text, parse_constant=_finite_only, parse_float=_finite_float)
        json.dumps(body, ensure_ascii=False).encode("utf-8")  # lone surrogates fail here
    except UnicodeError:
        return error(_("The request body has text that is not valid Unicode (UTF-8)."), 400)
    except RecursionError:
        return error(_("The request body is nested too deeply."), 400)
    except ValueError as exc:
        return error(_("The request body is not valid JSON: %(exc)s.") % {"exc": exc}, 400)
    if not isinstance(body, dict):
        return error(
            _("The request body must be a JSON object, not %(name)s.")
            % {"name": type(body).__name__},
            400,
        )
    return body


def routes(ctx: WebContext) -> list[Route]:
    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True, **ctx.control.status()})

    async def command(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in COMMANDS:
            return error(_('There is no command "%(kind)s".') % {"kind": kind}, 404)
        body = await json_body(request)
        if isinstance(body, Response):
            return body
        allowed = FIELDS.get(kind, ())
        unknown = sorted(k for k in body if k not in allowed)
        if unknown:
            takes = (
                "takes no fields"
                if not allowed
                else "takes only " + " and ".join(f'"{a}"' for a in allowed)
            )
            return error(
                _('Bad request: "%(kind)s" %(takes)s, not "%(value)s".')
                % {"kind": kind, "takes": takes, "value": unknown[0]},
                400,
            )
        ok, message = await ctx.control.command(kind, body)
        if not ok:
            return error(message, 409 if not message.startswith("Bad ") else 400)
        return JSONResponse({"ok": True, "message": message, **ctx.control.status()})

    async def ticket(request: Request) -> Response:
        return JSONResponse({"ok": True, "ticket": ctx.access.new_ticket()})

    async def timeline(request: Request) -> Response:
        return JSONResponse({"ok": True, **ctx.control.timeline()})

    async def events(request: Request) -> Response:
        if ctx.hub.full:
            from loosen.web.hub import MAX_STREAMS

            return error(
                _(
                    "loosen already sends live updates to %(MAX_STREAMS)s pages, the "
                    "most it keeps open; close some of its tabs and reload this one."
                )
                % {"MAX_STREAMS": MAX_STREAMS},
                503,
            )
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
