"""The control API: status, commands, login tickets, live events and today's timeline."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable
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
FIELDS = {
    "pause": ("minutes", "until"),
    "answer": ("moved",),
    "break-done": ("since",),
    "break": ("player",),  # "web": the dashboard plays it in the browser, not the break screen
}


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


KEPT_ANSWERS = 64  # answers kept for a repeated Idempotency-Key, the newest


class Replays:
    """Commands sent again with the same ``Idempotency-Key`` are answered, not carried out twice.

    The CLI sends a fresh key with each command and sends it again when the connection closed
    before the answer (a flood of other connections makes the service close the oldest waiting
    ones): the first try may or may not have reached the service, the second must not do it
    again. The newest ``KEPT_ANSWERS`` answers are kept, in memory only; a repeat that comes
    while the first is still being carried out waits for its answer.
    """

    def __init__(self) -> None:
        self._answers: dict[str, asyncio.Future[tuple[int, bytes]]] = {}

    async def once(self, request: Request, answer: Callable[[], Awaitable[Response]]) -> Response:
        key = request.headers.get("idempotency-key", "")
        if not key or len(key) > 100:
            return await answer()
        kept = self._answers.get(key)
        if kept is not None:
            status, body = await asyncio.shield(kept)
            return Response(body, status_code=status, media_type="application/json")
        future: asyncio.Future[tuple[int, bytes]] = asyncio.get_running_loop().create_future()
        self._answers[key] = future
        while len(self._answers) > KEPT_ANSWERS:
            del self._answers[next(iter(self._answers))]
        try:
            response = await answer()
        except BaseException as exc:
            self._answers.pop(key, None)  # not answered: a repeat may try again
            future.set_exception(exc)
            future.exception()  # a repeat waiting on it gets the same error; else none is due
            raise
        future.set_result((response.status_code, bytes(response.body)))
        return response


def routes(ctx: WebContext) -> list[Route]:
    replays = Replays()

    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True, **ctx.control.status()})

    async def command(request: Request) -> Response:
        return await replays.once(request, lambda: carry_out(request))

    async def carry_out(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in COMMANDS:
            return error(_('There is no command "%(kind)s".') % {"kind": kind}, 404)
        body = await json_body(request)
        if isinstance(body, Response):
            return body
        allowed = FIELDS.get(kind, ())
        unknown = sorted(k for k in body if k not in allowed)
        if unknown:
            said = {"kind": kind, "value": unknown[0]}
            if not allowed:
                text = _('Bad request: "%(kind)s" takes no fields, not "%(value)s".') % said
            elif len(allowed) == 1:
                text = _('Bad request: "%(kind)s" takes only "%(field)s", not "%(value)s".') % {
                    **said,
                    "field": allowed[0],
                }
            else:
                text = _(
                    'Bad request: "%(kind)s" takes only "%(field)s" and "%(last)s", not '
                    '"%(value)s".'
                ) % {**said, "field": '", "'.join(allowed[:-1]), "last": allowed[-1]}
            return error(
                text,
                400,
            )
        ok, message = await ctx.control.command(kind, body)
        if not ok:
            from loosen.service.requests import BadRequest

            return error(message, 400 if isinstance(message, BadRequest) else 409)
        return JSONResponse({"ok": True, "message": message, **ctx.control.status()})

    async def ticket(request: Request) -> Response:
        async def new() -> Response:
            return JSONResponse({"ok": True, "ticket": ctx.access.new_ticket()})

        return await replays.once(request, new)

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
