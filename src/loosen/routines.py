"""Routine and move files: their format, validation, and the catalogue of routines.

Built-in moves live in ``loosen/content/moves.toml`` and built-in routines in
``loosen/content/routines/*.toml`` (package data). User routines are TOML files in
``<config dir>/routines/``; they may use built-in moves and define their own under
``[custom_moves.<id>]``. The format is documented in ``docs/routines.md``.

Every file goes through the same checks, and every problem is reported at once
(:class:`loosen.errors.RoutineFileError`).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from loosen.core.pose import Animation, Pose, load_keyframes
from loosen.core.routine import Move, Routine, RoutineItem
from loosen.errors import Problem, RoutineFileError, UnknownRoutineError
from loosen.i18n import _
from loosen.routine_text import (
    Lang,
    RoutineText,
    builtin_move,
    builtin_routine,
    list_problems,
    pick,
    translated_move,
)
from loosen.schema import check, decode, parse_toml, read_toml, show
from loosen.values import OPTIONAL_ROUTINE_ID_PATTERN, ROUTINE_ID_MAX, ROUTINE_ID_PATTERN

ID_PATTERN = ROUTINE_ID_PATTERN
Id = Annotated[str, Meta(pattern=ID_PATTERN)]
Text = Annotated[str, Meta(min_length=1)]
Seconds = Annotated[float, Meta(gt=0, le=600)]
Reps = Annotated[int, Meta(ge=1, le=100)]
Flag = Literal[
    "hip-replacement",
    "knee-pain",
    "pregnancy",
    "back-leg-symptoms",
    "balance",
    "no-floor",
    "seated-only",
]


class AnimationSpec(Struct, forbid_unknown_fields=True):
    keyframes: Annotated[list[Text], Meta(min_length=1, max_length=12)]
    style: Literal["hold", "cycle"] = "hold"
    period: Annotated[float, Meta(ge=0, le=60)] = 0.0


class MoveSpec(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=60)]
    cue: Annotated[str, Meta(min_length=1, max_length=70)]
    position: Literal["floor", "chair", "standing"]
    kind: Literal["hold", "reps", "timed"]
    seconds: Seconds
    steps: Annotated[list[Text], Meta(min_length=1, max_length=12)]
    animation: AnimationSpec
    targets: list[Text] = []
    feel: str = ""
    mistakes: list[Text] = []
    easier: str = ""
    harder: str = ""
    skip_if: list[Flag] = []
    caution: str = ""
    alternative: Annotated[str, Meta(pattern=OPTIONAL_ROUTINE_ID_PATTERN)] = ""
    reps: Reps | None = None
    sides: bool = False
    props: list[Literal["chair", "desk", "mat"]] = []


class LibrarySpec(Struct, forbid_unknown_fields=True):
    moves: dict[Id, MoveSpec]


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


def _error(problems: list[Problem]) -> RoutineFileError:
    return RoutineFileError(problems)


def _to_move(move_id: str, spec: MoveSpec) -> Move:
    return Move(
        id=move_id,
        name=spec.name,
        cue=spec.cue,
        position=spec.position,
        targets=tuple(spec.targets),
        steps=tuple(spec.steps),
        feel=spec.feel,
        mistakes=tuple(spec.mistakes),
        easier=spec.easier,
        harder=spec.harder,
        skip_if=tuple(spec.skip_if),
        caution=spec.caution,
        alternative=spec.alternative or None,
        kind=spec.kind,
        seconds=spec.seconds,
        reps=spec.reps,
        sides=spec.sides,
        props=tuple(spec.props),
        animation=Animation(
            keyframes=tuple(spec.animation.keyframes),
            style=spec.animation.style,
            period=spec.animation.period,
        ),
    )


def _check_moves(
    specs: Mapping[str, MoveSpec],
    prefix: str,
    label: str,
    keyframes: Mapping[str, Pose],
    known: Mapping[str, Move],
) -> list[Problem]:
    """Cross-field rules of move definitions (references, alternatives, doses)."""
    out: list[Problem] = []
    all_positions = {k: m.position for k, m in known.items()}
    all_positions.update({k: s.position for k, s in specs.items()})
    all_alts = {k: (m.alternative or "") for k, m in known.items()}
    all_alts.update({k: s.alternative for k, s in specs.items()})
    for move_id, spec in specs.items():
        here = f"{prefix}.{move_id}"
        for i, name in enumerate(spec.animation.keyframes):
            if name not in keyframes:
                guess = difflib.get_close_matches(name, list(keyframes), n=1)
                hint = " " + _('Did you mean "%(name)s"?') % {"name": guess[0]} if guess else ""
                out.append(
                    Problem(
                        label,
                        f"{here}.animation.keyframes[{i}]",
                        _("Found %(value)s, which is not a known keyframe.%(hint)s")
                        % {"value": show(name), "hint": hint},
                    )
                )
        if spec.animation.style == "cycle" and spec.animation.period <= 0:
            out.append(
                Problem(
                    label,
                    f"{here}.animation.period",
                    _("Found %(period)s; a cycle needs a period greater than 0 seconds.")
                    % {"period": format(spec.animation.period, "g")},
                )
            )
        if spec.kind == "reps" and spec.reps is None:
            out.append(
                Problem(
                    label,
                    f"{here}.reps",
                    _('Missing; a move of kind "reps" needs a whole number of reps.'),
                )
            )
        if spec.kind != "reps" and spec.reps is not None:
            out.append(
                Problem(
                    label,
                    f"{here}.reps",
                    _(
                        'Found %(reps)s; reps only applies to kind "reps", and this move is '
                        '"%(kind)s".'
                    )
                    % {"reps": spec.reps, "kind": spec.kind},
                )
            )
        alt = spec.alternative
        if alt:
            if alt not in all_positions:
                guess = difflib.get_close_matches(alt, list(all_positions), n=1)
                hint = " " + _('Did you mean "%(name)s"?') % {"name": guess[0]} if guess else ""
                out.append(
                    Problem(
                        label,
                        f"{here}.alternative",
                        _("Found %(value)s, which is not a known move.%(hint)s")
                        % {"value": show(alt), "hint": hint},
                    )
                )
                continue
            seen = [move_id]
            cur = alt
            while cur and cur not in seen and all_positions.get(cur) not in (None, "chair"):
                seen.append(cur)
                cur = all_alts.get(cur, "")
            if cur in seen:
                out.append(
                    Problem(
                        label,
                        f"{here}.alternative",
                        "The alternatives loop ("
                        + " -> ".join([*seen, cur])
                        + "); the chain must end at a chair move.",
                    )
                )
            elif all_positions.get(cur) != "chair":
                out.append(
                    Problem(
                        label,
                        f"{here}.alternative",
                        "The chain of alternatives ("
                        + " -> ".join(seen)
                        + ") never reaches a chair move; every floor and standing "
                        "move needs a seated alternative.",
                    )
                )
        elif spec.position != "chair":
            out.append(
                Problem(
                    label,
                    f"{here}.alternative",
                    _(
                        "Missing; a %(position)s move needs the id of a seated alternative "
                        "(a chair move, or a move whose alternative is one)."
                    )
                    % {"position": spec.position},
                )
            )
    return out


def load_keyframe_data() -> dict[str, Pose]:
    text = resources.files("loosen.content").joinpath("keyframes.json").read_text("utf-8")
    return load_keyframes(json.loads(text))


def load_library(keyframes: Mapping[str, Pose]) -> dict[str, Move]:
    """The built-in move library; a broken one is a bug, reported like a user file."""
    label = "moves.toml (built-in)"
    text = resources.files("loosen.content").joinpath("moves.toml").read_text("utf-8")
    spec = decode(parse_toml(text, label, _error), LibrarySpec, label, _error)
    problems = _check_moves(spec.moves, "moves", label, keyframes, {})
    if problems:
        raise RoutineFileError(problems)
    return {k: builtin_move(_to_move(k, v)) for k, v in spec.moves.items()}


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
    problems += _check_moves(spec.custom_moves, "custom_moves", label, keyframes, library)
    custom = {k: _to_move(k, v) for k, v in spec.custom_moves.items()}
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
        raw = read_toml(path, label, _error)
        return build_routine(path.stem, raw, label, self.library, self.keyframes, str(path))

    @cached_property
    def entries(self) -> tuple[CatalogEntry, ...]:
        out: list[CatalogEntry] = []
        builtin_ids = set()
        for rid, text in self._builtin_files():
            label = f"{rid}.toml (built-in)"
            raw = parse_toml(text, label, _error)
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


@dataclass(frozen=True, slots=True)
class Imported:
    routine: Routine
    path: Path  # where the file was saved
    replaced: bool  # an older routine of the same name was overwritten


def _suggested_name(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return (slug or "my-routine") + ".toml"


def import_routine(
    catalog: Catalog, filename: str, text: str, *, replace: bool = False
) -> Imported:
    """Check a routine file and save it into the user's routines folder (CLI and web share this).

    The file's name gives the routine's id, so it must be ``<id>.toml`` with an id of lowercase
    letters, digits and hyphens, and not a built-in routine's id. The text goes through the same
    checks as ``loosen routines validate``; name and content problems are raised together as one
    :class:`RoutineFileError`, and then nothing is written. A routine of the same name in the
    folder is overwritten only with ``replace`` (else :class:`RoutineExistsError`). The file is
    saved byte for byte as given, through a temporary file, so a reader never sees half of it.
    """

    from loosen.errors import LoosenError, RoutineExistsError

    label = filename
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    problems: list[Problem] = []
    rid = name[:-5] if name.endswith(".toml") else name.rsplit(".", 1)[0]
    builtin = {bid for bid, _src in catalog._builtin_files()}
    if not name.endswith(".toml"):
        problems.append(
            Problem(
                label,
                "",
                _(
                    'The file name "%(name)s" does not end in ".toml"; a routine file '
                    'is named after its id, like "%(suggested_name)s".'
                )
                % {"name": name, "suggested_name": _suggested_name(rid)},
            )
        )
    elif len(rid) > ROUTINE_ID_MAX:
        problems.append(
            Problem(
                label[:80],
                "",
                _(
                    "The file name has %(count)s characters; a routine's id (the name "
                    'without ".toml") may have %(ROUTINE_ID_MAX)s at most.'
                )
                % {"count": format(len(name), ","), "ROUTINE_ID_MAX": ROUTINE_ID_MAX},
            )
        )
    elif not re.fullmatch(ID_PATTERN, rid):
        problems.append(
            Problem(
                label,
                "",
                _(
                    'The file name "%(name)s" cannot be a routine\'s id; use lowercase '
                    'letters, digits and hyphens, like "%(suggested_name)s".'
                )
                % {"name": name, "suggested_name": _suggested_name(rid)},
            )
        )
    elif rid in builtin:
        problems.append(
            Problem(
                label,
                "",
                _(
                    'A built-in routine is called "%(rid)s"; rename the file (for '
                    'example "my-%(rid)s.toml") to import it beside the built-in one.'
                )
                % {"rid": rid},
            )
        )
    try:
        raw = parse_toml(text, label, _error)
        routine = build_routine(rid, raw, label, catalog.library, catalog.keyframes, "")
    except RoutineFileError as exc:
        raise RoutineFileError(problems + list(exc.problems)) from None
    if problems:
        raise RoutineFileError(problems)
    if catalog.user_dir is None:
        raise LoosenError(_("loosen has no folder for your routines; set LOOSEN_CONFIG_DIR."))
    dest = catalog.user_dir / f"{rid}.toml"
    existed = dest.exists()
    if existed and not replace:
        raise RoutineExistsError(
            _(
                'You already have a routine called "%(rid)s" (%(dest)s); import '
                "with --replace to overwrite it, or rename the file."
            )
            % {"rid": rid, "dest": dest},
            rid,
        )
    try:
        from loosen.private import write_private

        write_private(dest, text.encode("utf-8"))
    except OSError as exc:
        raise LoosenError(
            _(
                "The routine could not be saved as %(dest)s (%(reason)s); check "
                "that the folder is writable."
            )
            % {"dest": dest, "reason": exc.strerror}
        ) from None
    catalog.__dict__.pop("entries", None)  # the cached list no longer tells the truth
    return Imported(dataclasses.replace(routine, source=str(dest)), dest, existed)
