"""The routine player's API: pose data, a routine as the user will play it, and its outcome.

* ``GET /api/pose``: the skeleton (segment lengths, key orders, timing constants) and every
  keyframe, normalised (angles in [0, 360), hands resolved, foreshortening factors), for
  ``static/js/pose.js``, which reproduces :mod:`loosen.core.pose` exactly.
* ``GET /api/play/{name}``: the routine resolved for this user as ``loosen stretch`` does it
  (screening swaps, then the profile's doses), laid out as a timeline of steps, with the moves'
  texts, animations and the safety lines to show before starting.
* ``POST /api/play/{name}/outcome``: what was done, step by step; saved in the history exactly
  as ``loosen stretch`` saves a session (source ``"web"``); a routine really done (the rule of
  ``loosen.core.credit``) counts as the break, as ``loosen stretch`` tells the service.

Everything heavy (routine files, storage) is imported inside the handlers: the service only pays
for it once somebody opens the player.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.i18n import N_, _
from loosen.values import ROUTINE_ID_PATTERN
from loosen.web.context import WebContext
from loosen.web.security import JSONResponse, error

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.core.pose import Pose
    from loosen.core.routine import Move, Routine, Timeline
    from loosen.routines import Catalog
    from loosen.storage.records import StepRecord

NAME = re.compile(ROUTINE_ID_PATTERN)
OUTCOMES = ("completed", "quit", "stopped")
STATUSES = ("done", "skipped", "not-reached")
SIDES = ("right", "left")
MAX_SECONDS = 6 * 3600.0  # longer than any routine could be played, pauses included

#: Shown before every routine (domain.md §2.2 and §4.3, in the words of the disclaimer).
SAFETY_LINES = (
    N_(
        "Move slowly and stay in a range that feels comfortable: a stretch may feel tight "
        "(about 3 to 5 out of 10), but it should not hurt."
    ),
    N_("Breathe normally and don't bounce."),
    N_("Stop at once for sharp or pinching pain, numbness, tingling, dizziness or breathlessness."),
)


def _catalog(app: App) -> Catalog:
    """The routines as they are on disk now: a routine imported a minute ago plays, and nothing
    of the catalogue stays in the service's memory between requests."""
    from loosen.routines import Catalog

    return Catalog(app.paths.routines_dir)


def _pose_json(pose: Pose) -> dict[str, Any]:
    return {"hip": list(pose.hip), "angles": dict(pose.angles), "f": dict(pose.f)}


def pose_data(app: App) -> dict[str, Any]:
    """The skeleton and every keyframe, for the browser's port of loosen.core.pose."""
    from loosen.core import pose as p

    return {
        "skeleton": {
            "joints": list(p.JOINTS),
            "angle_keys": list(p.ANGLE_KEYS),
            "segment_keys": list(p.SEGMENT_KEYS),
            "trunk": p.TRUNK,
            "shoulder_on_trunk": p.SHOULDER_ON_TRUNK,
            "neck": p.NECK,
            "head_radius": p.HEAD_RADIUS,
            "upper_arm": p.UPPER_ARM,
            "forearm": p.FOREARM,
            "hand": p.HAND,
            "thigh": p.THIGH,
            "shank": p.SHANK,
            "foot": p.FOOT,
            "entry_seconds": p.ENTRY_SECONDS,
            "exit_seconds": p.EXIT_SECONDS,
            "sway_period": p.SWAY_PERIOD,
            "sway_trunk": p.SWAY_TRUNK,
            "sway_head": p.SWAY_HEAD,
        },
        "keyframes": {name: _pose_json(pose) for name, pose in _catalog(app).keyframes.items()},
    }


def _known(app: App) -> str:
    return ", ".join(e.id for e in _catalog(app).entries)


def _clip(text: str, most: int = 60) -> str:
    """A name from a request, short enough to echo in a message."""
    return text if len(text) <= most else text[: most - 3] + "..."


def _not_found(app: App, name: str) -> Response:
    return error(
        _('There is no routine called "%(clip)s". Known routines: %(known)s.')
        % {"clip": _clip(name), "known": _known(app)},
        404,
    )


def prepare(app: App, name: str) -> tuple[Routine, bool]:
    """The routine as ``loosen stretch NAME`` would play it for this user (and whether the
    screening was answered). Raises the same errors as the terminal (LoosenError)."""
    from loosen.playable import prepare as prepare_routine

    return prepare_routine(app, name, _catalog(app))


def _move_json(move: Move) -> dict[str, Any]:
    return {
        "name": move.name,
        "cue": move.cue,
        "steps": list(move.steps),
        "feel": move.feel,
        "mistakes": list(move.mistakes),
        "easier": move.easier,
        "caution": move.caution,
        "position": move.position,
        "kind": move.kind,
        "props": list(move.props),
        "animation": {
            "keyframes": list(move.animation.keyframes),
            "style": move.animation.style,
            "period": move.animation.period,
        },
    }


def play_json(app: App, routine: Routine, timeline: Timeline, answered: bool) -> dict[str, Any]:
    moves: dict[str, Any] = {}
    steps = []
    number = 0
    for s in timeline.steps:
        moves.setdefault(s.move.id, _move_json(s.move))
        if s.kind == "move":
            number += 1
        steps.append(
            {
                "index": s.index,
                "kind": s.kind,
                "item": s.item_index,
                "number": number if s.kind == "move" else None,
                "move": s.move.id,
                "side": s.side,
                "start": s.start,
                "duration": s.duration,
                "reps": s.reps,
            }
        )
    cautions = []
    seen = set()
    for item in routine.items:
        if item.move.caution and item.move.id not in seen:
            seen.add(item.move.id)
            cautions.append(
                {"move": item.move.id, "name": item.move.name, "text": item.move.caution}
            )
    from loosen.core.advice import DISCLAIMER

    settings = app.settings
    return {
        "routine": {
            "id": routine.id,
            "name": routine.name,
            "summary": routine.summary,
            "source": routine.source,
            "warm_up": routine.warm_up,
            "positions": list(routine.positions),
            "items": len(routine.items),
            "moves_count": number,
            "total": timeline.total,
            "profile": settings.routine.profile,
            "notes": list(routine.notes),
        },
        "safety": {
            "lines": [_(line) for line in SAFETY_LINES],
            "cautions": cautions,
            "disclaimer": _(DISCLAIMER),
            "screening_answered": answered,
        },
        "player": {
            "sound": settings.player.sound,
            "animation": settings.player.animation,
        },
        "moves": moves,
        "steps": steps,
    }


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _show(value: object) -> str:
    import json

    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_outcome(
    body: dict[str, Any], routine: Routine, timeline: Timeline
) -> tuple[str, float, tuple[StepRecord, ...]] | str:
    """(outcome, elapsed seconds, step records) from a posted body, or the problem as a sentence."""
    from loosen.storage.records import StepRecord

    outcome = body.get("outcome")
    if outcome not in OUTCOMES:
        return f'"outcome" must be one of {", ".join(OUTCOMES)}, not {_show(outcome)}.'
    elapsed = _number(body.get("elapsed_seconds"))
    if elapsed is None or not 0.0 <= elapsed <= MAX_SECONDS:
        return (
            '"elapsed_seconds" must be the seconds since the routine started (0 to '
            f"{MAX_SECONDS:g}), not {_show(body.get('elapsed_seconds'))}."
        )
    raw = body.get("steps")
    planned = timeline.move_steps()
    if not isinstance(raw, list):
        return f'"steps" must be a list of the routine\'s move steps, not {_show(raw)}.'
    if len(raw) != len(planned):
        return (
            f'"steps" has {len(raw)} entries, but "{routine.id}" as planned for you has '
            f"{len(planned)} move steps; reload the page and play it again."
        )
    records = []
    for i, (entry, step) in enumerate(zip(raw, planned, strict=True)):
        where = f"steps[{i}]"
        if not isinstance(entry, dict):
            return f"{where} must be an object, not {_show(entry)}."
        if entry.get("move") != step.move.id:
            return (
                f"{where}.move is {_show(entry.get('move'))}, but move step {i + 1} of "
                f'"{routine.id}" is "{step.move.id}"; reload the page and play it again.'
            )
        side = entry.get("side")
        if side != step.side:
            return (
                f"{where}.side is {_show(side)}, but move step {i + 1} of "
                f'"{routine.id}" is on the {step.side or "no particular"} side.'
            )
        status = entry.get("status")
        if status not in STATUSES:
            return f"{where}.status must be one of {', '.join(STATUSES)}, not {_show(status)}."
        if outcome == "completed" and status == "not-reached":
            return (
                f'{where}.status is "not-reached", but the outcome says the routine was completed.'
            )
        seconds = _number(entry.get("seconds"))
        if seconds is None or not 0.0 <= seconds <= MAX_SECONDS:
            return (
                f"{where}.seconds must be the seconds spent in the step (0 to {MAX_SECONDS:g}), "
                f"not {_show(entry.get('seconds'))}."
            )
        records.append(
            StepRecord(
                move_id=step.move.id,
                move_name=step.move.name,
                side=step.side,
                status=status,
                planned_seconds=step.duration,
                done_seconds=round(seconds, 3),
            )
        )
    return outcome, elapsed, tuple(records)


def routes(ctx: WebContext) -> list[Route]:
    async def pose(request: Request) -> Response:
        return JSONResponse({"ok": True, **pose_data(ctx.app)})

    def _routine(name: str) -> tuple[Routine, bool] | Response:
        from loosen.errors import FileProblemsError, LoosenError, UnknownRoutineError

        if not NAME.match(name):
            return _not_found(ctx.app, name)
        try:
            return prepare(ctx.app, name)
        except UnknownRoutineError:
            return _not_found(ctx.app, name)
        except FileProblemsError as exc:
            return error(
                _('The routine "%(name)s" cannot be played: %(exc)s') % {"name": name, "exc": exc},
                422,
            )
        except LoosenError as exc:
            return error(str(exc), 409)

    async def play(request: Request) -> Response:
        from loosen.core.routine import build_timeline

        found = _routine(request.path_params["name"])
        if isinstance(found, Response):
            return found
        routine, answered = found
        timeline = build_timeline(routine)
        return JSONResponse({"ok": True, **play_json(ctx.app, routine, timeline, answered)})

    async def outcome(request: Request) -> Response:

        from loosen.core.routine import build_timeline
        from loosen.storage.records import SessionRecord
        from loosen.web.control import json_body

        body = await json_body(request)
        if isinstance(body, Response):
            return body
        found = _routine(request.path_params["name"])
        if isinstance(found, Response):
            return found
        routine, _rest = found
        checked = check_outcome(body, routine, build_timeline(routine))
        if isinstance(checked, str):
            return error(_("Bad request: %(checked)s") % {"checked": checked}, 400)
        ended, elapsed, steps = checked
        now = ctx.app.clock.now()
        started = now - timedelta(seconds=elapsed)
        record = SessionRecord(
            routine_id=routine.id,
            routine_name=routine.name,
            started_at=started,
            ended_at=now,
            outcome=ended,  # type: ignore[arg-type]
            steps=steps,
            source="web",
        )

        def save() -> int:
            with ctx.app.history() as h:
                return h.record_session(record)

        from loosen.core.credit import credit_steps
        from loosen.errors import HistoryError

        try:
            session_id = save()  # one short write; no worker thread (each keeps a malloc arena)
        except HistoryError as exc:  # a full disk, a damaged file: say so, in the error shape
            return error(str(exc), 503)
        verdict = credit_steps(steps)
        counted = False
        message = _("Saved in your history.") + " " + verdict.why(_)
        if verdict.counts:
            counted, said = await ctx.control.command("break-done", {"since": started.isoformat()})
            message = (
                _("Saved in your history. This counts as your break.")
                if counted
                else _("Saved in your history. It was not counted as a break: %(why)s")
                % {"why": said}
            )
        else:  # a break started from a prompt and quit early: the bout goes on
            await ctx.control.command("break-abandoned", {})
        done = sum(1 for s in steps if s.status == "done")
        return JSONResponse(
            {
                "ok": True,
                "session": session_id,
                "outcome": ended,
                "done": done,
                "skipped": sum(1 for s in steps if s.status == "skipped"),
                "steps": len(steps),
                "started_at": started.isoformat(),
                "ended_at": now.isoformat(),
                "break_counted": counted,
                "message": message,
            }
        )

    return [
        Route("/api/pose", pose, methods=["GET"]),
        Route("/api/play/{name}", play, methods=["GET"]),
        Route("/api/play/{name}/outcome", outcome, methods=["POST"]),
    ]
