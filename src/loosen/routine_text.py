"""Routines and moves in the user's language.

Built-in moves and routines are translated by the catalog: their texts are extracted from the
TOML files into the template (``loosen.i18n.extract.extract_toml``) and looked up with ``_`` when
the files are loaded. A user's routine file carries its own translations in
``[translations.<lang>]`` tables (``docs/routines.md``)::

    [translations.de]
    name = "Meine Hüften"
    summary = "Eine kurze Pause für die Hüften."
    [translations.de.custom_moves.wall-calf-stretch]
    name = "Wadendehnung an der Wand"
    steps = ["...", "...", "..."]      # as many as the move has

checked with the same precision as the rest of the file; any text left out stays as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Annotated

from msgspec import Meta, Struct

from loosen.core.routine import Move, Routine
from loosen.errors import Problem
from loosen.i18n import _, language
from loosen.values import LANGUAGE_TAG_PATTERN, ROUTINE_ID_PATTERN

Lang = Annotated[str, Meta(pattern=LANGUAGE_TAG_PATTERN)]
Id = Annotated[str, Meta(pattern=ROUTINE_ID_PATTERN)]
Text = Annotated[str, Meta(min_length=1)]


class MoveText(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=60)] | None = None
    cue: Annotated[str, Meta(min_length=1, max_length=70)] | None = None
    targets: list[Text] | None = None
    steps: list[Text] | None = None
    feel: str | None = None
    mistakes: list[Text] | None = None
    easier: str | None = None
    harder: str | None = None
    caution: str | None = None


class RoutineText(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=60)] | None = None
    summary: str | None = None
    custom_moves: dict[Id, MoveText] = {}


TEXT_LISTS = ("targets", "steps", "mistakes")
TEXT_FIELDS = ("name", "cue", "feel", "easier", "harder", "caution")


def builtin_move(move: Move, say: Callable[[str], str] = _) -> Move:
    """A built-in move with every text looked up in the catalog."""

    def one(text: str) -> str:
        return say(text) if text else text

    return dataclasses.replace(
        move,
        name=one(move.name),
        cue=one(move.cue),
        targets=tuple(one(t) for t in move.targets),
        steps=tuple(one(t) for t in move.steps),
        feel=one(move.feel),
        mistakes=tuple(one(t) for t in move.mistakes),
        easier=one(move.easier),
        harder=one(move.harder),
        caution=one(move.caution),
    )


def builtin_routine(routine: Routine, say: Callable[[str], str] = _) -> Routine:
    return dataclasses.replace(
        routine, name=say(routine.name), summary=say(routine.summary) if routine.summary else ""
    )


def list_problems(
    label: str, texts: Mapping[str, MoveText], moves: Mapping[str, Move], where: str
) -> list[Problem]:
    """A translated list must have as many entries as the move's own (one per step...)."""
    out = []
    for move_id, text in texts.items():
        move = moves.get(move_id)
        here = f"{where}.custom_moves.{move_id}"
        if move is None:
            out.append(
                Problem(
                    label,
                    here,
                    f'This file has no custom move "{move_id}"; translations.<lang>.custom_moves '
                    "may only translate the moves under [custom_moves].",
                )
            )
            continue
        for key in TEXT_LISTS:
            mine, theirs = getattr(text, key), getattr(move, key)
            if mine is not None and len(mine) != len(theirs):
                out.append(
                    Problem(
                        label,
                        f"{here}.{key}",
                        f"Has {len(mine)} entries; the move has {len(theirs)}, and each entry "
                        "translates the one in the same place.",
                    )
                )
    return out


def pick(translations: Mapping[str, RoutineText], lang: str | None = None) -> RoutineText | None:
    """The translation for the active language (``pt_BR``, else ``pt``), if the file has one."""
    lang = language() if lang is None else lang
    return translations.get(lang) or translations.get(lang.split("_", 1)[0])


def translated_move(move: Move, text: MoveText) -> Move:
    changes: dict[str, object] = {}
    for key in TEXT_FIELDS:
        value = getattr(text, key)
        if value is not None:
            changes[key] = value
    for key in TEXT_LISTS:
        value = getattr(text, key)
        if value is not None:
            changes[key] = tuple(value)
    return dataclasses.replace(move, **changes)  # type: ignore[arg-type]
