"""Routines for the Routines page: the list, one routine's move cards, and importing a file.

``GET /api/routines``
    ``{"ok": true, "folder": "...", "routines": [summary, ...], "broken": [...]}``; a summary is
    ``{"id", "name", "summary", "source": "built-in"|"yours", "file", "seconds", "moves",
    "move_names", "stills", "positions", "warm_up", "notes", "play"}`` and a broken user file is
    ``{"id", "file", "error", "problems": [problem, ...]}``.
``GET /api/routines/{name}``
    ``{"ok": true, "routine": {...summary, "transition", "side_switch", "moves": [card, ...]}}``;
    a card is the move as ``loosen routines show --json`` gives it plus ``"still"`` (the keyframe
    that pictures it) and ``"alternative_name"``.
``POST /api/routines/import`` with ``{"filename": "my-hips.toml", "text": "...", "replace": false}``
    checks the file with the same loader and messages as ``loosen routines import`` (one shared
    function, :func:`loosen.routine_import.import_routine`) and saves it into the routines folder:
    ``{"ok": true, "message", "replaced", "routine": summary}``. A file with problems is
    ``400 {"ok": false, "error", "status": 400, "problems": [problem, ...]}`` and nothing is saved;
    a name already taken by one of the user's routines is ``409`` until ``replace`` is true.

A problem is ``{"key": "moves[2].seconds", "line": 12, "column": 1, "message": "..."}``; ``key`` is
``""`` for the file as a whole, ``line``/``column`` are ``null`` when the key is not written in the
file (a missing top-level key).

Routines are read afresh for every request (a new file appears at once, and nothing stays in the
service's memory); the routines are shown as this user plays them (profile and screening answers).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.i18n import _, ngettext
from loosen.values import ROUTINE_ID_MAX, ROUTINE_ID_PATTERN
from loosen.web.context import WebContext
from loosen.web.control import json_body
from loosen.web.security import JSONResponse, error

if TYPE_CHECKING:
    from loosen.core.routine import Move, Routine, RoutineItem
    from loosen.errors import Problem
    from loosen.routines import Catalog

ID = re.compile(ROUTINE_ID_PATTERN)
# characters; the longest built-in routine file is about 2,000. Parsing runs on the service's
# event loop, and TOML parsing of pathological text grows faster than its length (200,000
# characters of one dotted header took 15 s), so keep it well below that
MAX_TEXT = 20_000
MAX_FILENAME = 255  # a path may lead to it; the file system allows no longer a name
_WHERE = re.compile(r"^line (\d+), column (\d+)\Z")


def problems_json(problems: tuple[Problem, ...], text: str | None) -> list[dict[str, Any]]:
    """Each problem with the line and column of its key in ``text`` (when it is written there)."""
    from loosen.keylines import key_positions, locate

    positions = key_positions(text) if text is not None else {}
    out = []
    for p in problems:
        m = _WHERE.match(p.path)
        if m:  # a TOML syntax error: the parser gave the place
            out.append({"key": "", "line": int(m[1]), "column": int(m[2]), "message": p.message})
            continue
        pos = locate(positions, p.path) if p.path else None
        out.append(
            {
                "key": "" if p.path == "(top)" else p.path,
                "line": pos[0] if pos else None,
                "column": pos[1] if pos else None,
                "message": p.message,
            }
        )
    return out


def _flags(ctx: WebContext) -> tuple[str, ...]:
    """The user's screening answers (nothing when never answered)."""
    from loosen.storage.history import read_only_history

    h = read_only_history(ctx.app.paths.history_db)
    if h is None:
        return ()
    with h:
        record = h.latest_screening()
    return () if record is None else tuple(f for f, yes in record.answers.items() if yes)


def _as_played(
    ctx: WebContext, routine: Routine, library: dict[str, Move], flags: tuple[str, ...]
) -> Routine:
    from loosen.core.routine import adapt_for, apply_profile

    adapted = adapt_for(routine, flags, library, _)
    return apply_profile(adapted, ctx.app.settings.routine.profile)


def _summary(r: Routine) -> dict[str, Any]:
    from loosen.core.routine import routine_duration

    return {
        "id": r.id,
        "name": r.name,
        "summary": r.summary,
        "source": "built-in" if r.source == "built-in" else "yours",
        "file": None if r.source == "built-in" else r.source,
        "seconds": routine_duration(r),
        "moves": len(r.items),
        "move_names": [i.move.name for i in r.items],
        "stills": [still_keyframe(i) for i in r.items],
        "positions": list(r.positions),
        "warm_up": r.warm_up,
        "notes": list(r.notes),
        "play": f"/routine/{r.id}",
    }


def still_keyframe(item: RoutineItem) -> str:
    """The pose that pictures a move: where a hold ends up, or the far point of a cycle."""
    frames = item.move.animation.keyframes
    if item.move.animation.style == "hold" or len(frames) == 1:
        return frames[-1]
    return frames[1]


def _detail(r: Routine, library: dict[str, Move]) -> dict[str, Any]:
    from loosen.render import move_json

    moves = []
    for item in r.items:
        card = move_json(item)
        card["still"] = still_keyframe(item)
        alt = library.get(item.move.alternative or "")
        card["alternative_name"] = alt.name if alt else None
        card["replaces_name"] = item.swapped_from.name if item.swapped_from else None
        moves.append(card)
    return {
        **_summary(r),
        "transition": r.transition,
        "side_switch": r.side_switch,
        "moves": moves,
    }


def _catalog(ctx: WebContext) -> Catalog:
    from loosen.routines import Catalog

    return Catalog(ctx.app.paths.routines_dir)


def _read(path: str) -> str | None:
    from pathlib import Path

    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def routes(ctx: WebContext) -> list[Route]:
    async def listing(request: Request) -> Response:
        catalog = _catalog(ctx)
        flags = _flags(ctx)
        found, broken = [], []
        for e in catalog.entries:
            if e.routine is not None:
                found.append(_summary(_as_played(ctx, e.routine, catalog.library, flags)))
            elif e.error is not None:
                n = len(e.error.problems)
                broken.append(
                    {
                        "id": e.id,
                        "file": e.source,
                        "error": ngettext(
                            "The routine file %(file)s has %(n)s problem, so it is not offered.",
                            "The routine file %(file)s has %(n)s problems, so it is not offered.",
                            n,
                        )
                        % {"file": e.source, "n": n},
                        "problems": problems_json(e.error.problems, _read(e.source)),
                    }
                )
        return JSONResponse(
            {
                "ok": True,
                "folder": str(ctx.app.paths.routines_dir),
                "routines": found,
                "broken": broken,
            }
        )

    async def detail(request: Request) -> Response:
        from loosen.errors import RoutineFileError, UnknownRoutineError

        name = request.path_params["name"]
        if not ID.match(name):
            return error(_('There is no routine called "%(value)s".') % {"value": name[:60]}, 404)
        catalog = _catalog(ctx)
        try:
            routine = catalog.get(name)
        except UnknownRoutineError as exc:
            return error(str(exc), 404)
        except RoutineFileError as exc:
            source = next((e.source for e in catalog.entries if e.id == name), None)
            n = len(exc.problems)
            body = {
                "ok": False,
                "error": ngettext(
                    'The routine file of "%(name)s" has %(n)s problem; fix it and import it again.',
                    'The routine file of "%(name)s" has %(n)s problems; fix it and import it '
                    "again.",
                    n,
                )
                % {"name": name, "n": n},
                "status": 422,
                "problems": problems_json(exc.problems, _read(source) if source else None),
            }
            return JSONResponse(body, status_code=422)
        played = _as_played(ctx, routine, catalog.library, _flags(ctx))
        return JSONResponse({"ok": True, "routine": _detail(played, catalog.library)})

    async def import_file(request: Request) -> Response:
        from loosen.errors import LoosenError, RoutineExistsError, RoutineFileError
        from loosen.routine_import import import_routine

        body = await json_body(request)
        if isinstance(body, Response):
            return body
        filename = body.get("filename")
        text = body.get("text")
        replace = body.get("replace", False)
        if not isinstance(filename, str) or not filename.strip():
            return error(_('The request needs "filename", the routine file\'s name, as text.'), 400)
        if len(filename) > MAX_FILENAME:
            return error(
                _(
                    "The file name has %(count)s characters; a routine file's name has "
                    "%(MAX_FILENAME)s at most (its id, up to %(ROUTINE_ID_MAX)s, and "
                    ".toml)."
                )
                % {
                    "count": format(len(filename), ","),
                    "MAX_FILENAME": MAX_FILENAME,
                    "ROUTINE_ID_MAX": ROUTINE_ID_MAX,
                },
                400,
            )
        if not isinstance(text, str):
            return error(
                _('The request needs "text", the content of "%(filename)s", as text.')
                % {"filename": filename},
                400,
            )
        if not isinstance(replace, bool):
            return error(
                _('"replace" must be true or false; found %(replace)s.')
                % {"replace": repr(replace)},
                400,
            )
        if len(text) > MAX_TEXT:
            return error(
                _(
                    'The file "%(filename)s" has %(count)s characters; a routine file '
                    "may have %(MAX_TEXT)s at most."
                )
                % {
                    "filename": filename,
                    "count": format(len(text), ","),
                    "MAX_TEXT": format(MAX_TEXT, ","),
                },
                413,
            )
        catalog = _catalog(ctx)
        try:
            imported = import_routine(catalog, filename, text, replace=replace)
        except RoutineFileError as exc:
            n = len(exc.problems)
            return JSONResponse(
                {
                    "ok": False,
                    "error": ngettext(
                        'The routine file "%(file)s" has %(n)s problem, so nothing was saved.',
                        'The routine file "%(file)s" has %(n)s problems, so nothing was saved.',
                        n,
                    )
                    % {"file": filename, "n": n},
                    "status": 400,
                    "problems": problems_json(exc.problems, text),
                },
                status_code=400,
            )
        except RoutineExistsError as exc:
            return error(
                _(
                    'You already have a routine called "%(routine_id)s"; replace it '
                    'with "%(filename)s", or rename the file.'
                )
                % {"routine_id": exc.routine_id, "filename": filename},
                409,
            )
        except LoosenError as exc:
            return error(str(exc), 500)
        routine = _as_played(ctx, imported.routine, catalog.library, _flags(ctx))
        return JSONResponse(
            {
                "ok": True,
                "message": (
                    _('Imported "%(name)s": replaced the one in %(path)s.')
                    if imported.replaced
                    else _('Imported "%(name)s": saved as %(path)s.')
                )
                % {"name": routine.name, "path": imported.path},
                "replaced": imported.replaced,
                "routine": _summary(routine),
            }
        )

    return [
        Route("/api/routines", listing, methods=["GET"]),
        Route("/api/routines/import", import_file, methods=["POST"]),
        Route("/api/routines/{name}", detail, methods=["GET"]),
    ]
