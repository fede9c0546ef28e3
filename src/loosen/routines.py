"""Routine files and the catalogue of routines.

Built-in routines live in ``loosen/content/routines/*.toml`` (package data). User routines are
TOML files in ``<config dir>/routines/``; they may use built-in moves (:mod:`loosen.move_specs`)
and define their own under ``[custom_moves.<id>]``. The format is documented in
``docs/routines.md``.

Every file goes through the same checks, and every problem is reported at once
(:class:`loosen.errors.RoutineFileError`). Importing a file into the folder is
:mod:`loosen.routine_import`.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from loosen.core.pose import Pose
from loosen.core.routine import Move, Routine, RoutineItem
from loosen.errors import Problem, RoutineFileError, UnknownRoutineError
from loosen.i18n import _
from loosen.move_specs import (
    Id,
    MoveSpec,
    Reps,
    Seconds,
    check_moves,
    file_error,
    load_keyframe_data,
    load_library,
    to_move,
)
from loosen.routine_text import (
    Lang,
    RoutineText,
    builtin_routine,
    list_problems,
    pick,
    translated_move,
)
from loosen.schema import check, parse_toml, read_toml, show


class RoutineMoveSpec(Struct, forbid_unknown_fields=True):
    move: Id
    seconds: Seconds | None = None
    reps: Reps | None = None
    sides: bool | None = None


class RoutineSpec(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=60)]
    moves: Annotated[list[RoutineMoveSpec], Meta(min_length=1, max_length=60)]
    summary: str = ""
    transition: Annotated[float, Meta(ge=0, le=120)] = 10.0
    side_switch: Annotated[float, Meta(ge=0, le=60)] = 5.0
    warm_up: bool = False
    custom_moves: dict[Id, MoveSpec] = {}
    translations: dict[Lang, RoutineText] = {}


#: A warm-up may hold a static stretch this long at most (domain.md §2.4).
WARM_UP_MAX_HOLD = 30.0


def _unknown_move(name: str, known: list[str], label: str, where: str) -> Problem:
    guess = difflib.get_close_matches(name, known, n=1)
    hint = " " + _('Did you mean "%(name)s"?') % {"name": guess[0]} if guess else ""
    return Problem(
        label,
        where,
        _(
            "Found %(value)s, which is not a built-in move nor one of this "
            "file's custom_moves.%(hint)s"
        )
        % {"value": show(name), "hint": hint},
    )


def _raw_reference_problems(
    raw: Mapping[str, Any], label: str, library: Mapping[str, Move]
) -> list[Problem]:
    """Unknown move references, found even when the file has schema problems too."""
    custom = raw.get("custom_moves")
    known = list(library) + (list(custom) if isinstance(custom, dict) else [])
    entries = raw.get("moves")
    out: list[Problem] = []
    if isinstance(entries, list):
        for i, entry in enumerate(entries):
            name = entry.get("move") if isinstance(entry, dict) else None
            if isinstance(name, str) and name not in known:
                out.append(_unknown_move(name, known, label, f"moves[{i}].move"))
    return out


def build_routine(
    routine_id: str,
    raw: Mapping[str, Any],
    label: str,
    library: Mapping[str, Move],
    keyframes: Mapping[str, Pose],
    source: str,
) -> Routine:
    """Validate a parsed routine file and build the routine; all problems at once."""
    problems = check(raw, RoutineSpec, label)
    if problems:
        raise RoutineFileError(problems + _raw_reference_problems(raw, label, library))
    spec = msgspec.convert(raw, RoutineSpec, strict=True)
    for move_id in spec.custom_moves:
        if move_id in library:
            problems.append(
                Problem(
                    label,
                    f"custom_moves.{move_id}",
                    _(
                        "A built-in move already has this id; choose another id, or "
                        "use the built-in move in [[moves]] and change its seconds "
                        "there."
                    ),
                )
            )
    problems += check_moves(spec.custom_moves, "custom_moves", label, keyframes, library)
    custom = {k: to_move(k, v) for k, v in spec.custom_moves.items()}
    for lang, texts in spec.translations.items():
        problems += list_problems(label, texts.custom_moves, custom, f"translations.{lang}")
    mine = pick(spec.translations)
    if mine is not None:
        for k, move_text in mine.custom_moves.items():
            if k in custom:
                custom[k] = translated_move(custom[k], move_text)
    moves = dict(library)
    moves.update(custom)
    items: list[RoutineItem] = []
    for i, entry in enumerate(spec.moves):
        here = f"moves[{i}]"
        move = moves.get(entry.move)
        if move is None:
            problems.append(_unknown_move(entry.move, list(moves), label, f"{here}.move"))
            continue
        if entry.reps is not None and move.kind != "reps":
            problems.append(
                Problem(
                    label,
                    f"{here}.reps",
                    _(
                        'Found %(reps)s; "%(id)s" is a %(kind)s move, so set seconds '
                        "instead of reps."
                    )
                    % {"reps": entry.reps, "id": move.id, "kind": move.kind},
                )
            )
        seconds = entry.seconds if entry.seconds is not None else move.seconds
        if spec.warm_up and move.kind == "hold" and seconds > WARM_UP_MAX_HOLD:
            problems.append(
                Problem(
                    label,
                    f"{here}.seconds",
                    _(
                        "Found %(seconds)s; a warm-up (warm_up = true) holds a static "
                        "stretch %(WARM_UP_MAX_HOLD)s s at most."
                    )
                    % {
                        "seconds": format(seconds, "g"),
                        "WARM_UP_MAX_HOLD": format(WARM_UP_MAX_HOLD, "g"),
                    },
                )
            )
        reps = entry.reps if entry.reps is not None else move.reps
        sides = entry.sides if entry.sides is not None else move.sides
        items.append(RoutineItem(move, seconds, reps if move.kind == "reps" else None, sides))
    if spec.warm_up and items and items[-1].move.kind == "hold":
        problems.append(
            Problem(
                label,
                f"moves[{len(spec.moves) - 1}].move",
                _("A warm-up (warm_up = true) must end with a dynamic move, not a static hold."),
            )
        )
    if problems:
        raise RoutineFileError(problems)
    routine = Routine(
        id=routine_id,
        name=spec.name,
        summary=spec.summary,
        items=tuple(items),
        transition=spec.transition,
        side_switch=spec.side_switch,
        warm_up=spec.warm_up,
        source=source,
    )
    if source == "built-in":
        return builtin_routine(routine)
    if mine is not None:
        routine = dataclasses.replace(
            routine,
            name=mine.name if mine.name is not None else routine.name,
            summary=mine.summary if mine.summary is not None else routine.summary,
        )
    return routine


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    source: str  # "built-in" or the file's path
    routine: Routine | None
    error: RoutineFileError | None


class Catalog:
    """Built-in routines plus the user's routine files (a user file may not shadow a built-in)."""

    def __init__(self, user_dir: Path | None) -> None:
        self.user_dir = user_dir

    @cached_property
    def keyframes(self) -> dict[str, Pose]:
        return load_keyframe_data()

    @cached_property
    def library(self) -> dict[str, Move]:
        return load_library(self.keyframes)

    def _builtin_files(self) -> Iterator[tuple[str, str]]:
        folder = resources.files("loosen.content").joinpath("routines")
        for res in sorted(folder.iterdir(), key=lambda r: r.name.removesuffix(".toml")):
            if res.name.endswith(".toml"):
                yield res.name[:-5], res.read_text("utf-8")

    def _user_files(self) -> list[Path]:
        if self.user_dir is None or not self.user_dir.is_dir():
            return []
        return sorted(self.user_dir.glob("*.toml"))

    def load_file(self, path: Path) -> Routine:
        label = str(path)
        raw = read_toml(path, label, file_error)
        return build_routine(path.stem, raw, label, self.library, self.keyframes, str(path))

    @cached_property
    def entries(self) -> tuple[CatalogEntry, ...]:
        out: list[CatalogEntry] = []
        builtin_ids = set()
        for rid, text in self._builtin_files():
            label = f"{rid}.toml (built-in)"
            raw = parse_toml(text, label, file_error)
            routine = build_routine(rid, raw, label, self.library, self.keyframes, "built-in")
            out.append(CatalogEntry(rid, "built-in", routine, None))
            builtin_ids.add(rid)
        for path in self._user_files():
            rid = path.stem
            if rid in builtin_ids:
                err = RoutineFileError(
                    [
                        Problem(
                            str(path),
                            "",
                            _(
                                'A built-in routine is called "%(rid)s"; rename the file to use it '
                                "beside the built-in one."
                            )
                            % {"rid": rid},
                        )
                    ]
                )
                out.append(CatalogEntry(rid, str(path), None, err))
                continue
            try:
                out.append(CatalogEntry(rid, str(path), self.load_file(path), None))
            except RoutineFileError as exc:
                out.append(CatalogEntry(rid, str(path), None, exc))
        return tuple(out)

    def get(self, name: str) -> Routine:
        """A routine by id, or a routine file by path."""
        if name.endswith(".toml") or "/" in name:
            return self.load_file(Path(name))
        for entry in self.entries:
            if entry.id == name:
                if entry.error is not None:
                    raise entry.error
                if entry.routine is not None:
                    return entry.routine
        ids = [e.id for e in self.entries]
        guess = difflib.get_close_matches(name, ids, n=1)
        hint = " " + _('Did you mean "%(name)s"?') % {"name": guess[0]} if guess else ""
        raise UnknownRoutineError(
            _(
                'There is no routine called "%(name)s".%(hint)s Known routines: '
                "%(join)s (see `loosen routines`)."
            )
            % {"name": name, "hint": hint, "join": ", ".join(ids)}
        )
