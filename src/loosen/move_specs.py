"""Move definitions: the format of a move (built-in ``loosen/content/moves.toml`` and a routine
file's ``[custom_moves.<id>]``), their cross-field checks, and the built-in library and keyframes.

The routine files that use them are :mod:`loosen.routines`; the format is in ``docs/routines.md``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from importlib import resources
from typing import Annotated, Literal

from msgspec import Meta, Struct

from loosen.core.pose import Animation, Pose, load_keyframes
from loosen.core.routine import Flag, Move
from loosen.errors import Problem, RoutineFileError
from loosen.i18n import _
from loosen.routine_text import (
    builtin_move,
)
from loosen.schema import decode, parse_toml, show
from loosen.values import OPTIONAL_ROUTINE_ID_PATTERN, ROUTINE_ID_PATTERN

ID_PATTERN = ROUTINE_ID_PATTERN
Id = Annotated[str, Meta(pattern=ID_PATTERN)]
Text = Annotated[str, Meta(min_length=1)]
Seconds = Annotated[float, Meta(gt=0, le=600)]
Reps = Annotated[int, Meta(ge=1, le=100)]


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


def file_error(problems: list[Problem]) -> RoutineFileError:
    return RoutineFileError(problems)


def to_move(move_id: str, spec: MoveSpec) -> Move:
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


def check_moves(
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
    spec = decode(parse_toml(text, label, file_error), LibrarySpec, label, file_error)
    problems = check_moves(spec.moves, "moves", label, keyframes, {})
    if problems:
        raise RoutineFileError(problems)
    return {k: builtin_move(to_move(k, v)) for k, v in spec.moves.items()}
