"""The "something feels wrong?" check-in: the red-flag questions and the tiered advice.

The same questions and the same outcome as ``loosen check`` (:mod:`loosen.core.advice`,
domain.md §4.1), and the same consequences: the check-in is recorded in the history
(``History.record_checkin``), and an answer of tier 1 or 2 pauses reminders for the rest of the
day (the service also re-applies that pause when it restarts the same day).

``GET /api/checkin``: ``{"questions": [{"id", "question", "tier"}], "disclaimer"}``, most serious
first. ``POST /api/checkin`` with ``{"answers": {id: true|false}, "context"?: "routine:<id>"}``:
``{"tier", "title", "paragraphs", "ends_routine", "paused_until", "flagged", "recorded"}``.
A tier-1 answer carries only the emergency message.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.i18n import _
from loosen.web.context import WebContext
from loosen.web.security import JSONResponse, error

_CONTEXT = re.compile(r"^routine:[a-z0-9][a-z0-9-]{0,63}\Z")


def _answers(body: dict[str, Any]) -> dict[str, bool] | str:
    """The validated answers, or the sentence that says what is wrong with them."""
    from loosen.core.advice import SYMPTOMS

    known = [s.id for s in SYMPTOMS]
    answers = body.get("answers")
    if not isinstance(answers, dict):
        return _('The request needs "answers": an object of question ids and true or false.')
    out: dict[str, bool] = {}
    for key, value in answers.items():
        if key not in known:
            return _('There is no question "%(key)s"; the questions are %(known)s.') % {
                "key": key,
                "known": ", ".join(known),
            }
        if not isinstance(value, bool):
            return _('The answer to "%(key)s" must be true or false, not %(value)s.') % {
                "key": key,
                "value": repr(value),
            }
        out[key] = value
    return out


def routes(ctx: WebContext) -> list[Route]:
    async def questions(request: Request) -> Response:
        from loosen.core.advice import DISCLAIMER, questions_in_order

        return JSONResponse(
            {
                "ok": True,
                "questions": [
                    {"id": s.id, "question": _(s.question), "tier": s.tier}
                    for s in questions_in_order()
                ],
                "disclaimer": _(DISCLAIMER),
            }
        )

    async def answer(request: Request) -> Response:
        from loosen.core.advice import advise
        from loosen.errors import LoosenError
        from loosen.storage.records import CheckinRecord
        from loosen.web.control import json_body

        body = await json_body(request)
        if isinstance(body, Response):
            return body
        answers = _answers(body)
        if isinstance(answers, str):
            return error(answers, 400)
        context = body.get("context")
        if context is not None and (not isinstance(context, str) or not _CONTEXT.match(context)):
            return error(
                _(
                    '"context" must be "routine:" and a routine id, like '
                    '"routine:glutes", not %(context)s.'
                )
                % {"context": repr(context)},
                400,
            )
        advice = advise(answers)
        recorded = True
        try:
            with ctx.app.history() as h:
                h.record_checkin(
                    CheckinRecord(
                        at=ctx.app.clock.now(), answers=answers, tier=advice.tier, context=context
                    )
                )
        except LoosenError:
            recorded = False  # the advice matters more than the record: show it all the same
        paused_until = None
        if advice.pause_reminders_today:
            ok, _said = await ctx.control.command("pause", {"until": "tomorrow"})
            if ok:
                paused_until = ctx.control.status().get("paused_until")
        return JSONResponse(
            {
                "ok": True,
                "tier": advice.tier,
                "title": _(advice.title),
                "paragraphs": _(advice.message).split("\n"),
                "ends_routine": advice.ends_routine,
                "paused_until": paused_until,
                "flagged": list(advice.flagged),
                "recorded": recorded,
            }
        )

    return [
        Route("/api/checkin", questions, methods=["GET"]),
        Route("/api/checkin", answer, methods=["POST"]),
    ]
