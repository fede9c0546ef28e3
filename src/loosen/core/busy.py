"""Busy blocks (meetings, calls, presentations) and where a break prompt may go around them.

A :class:`Busy` block comes from a calendar event or a detector (microphone or camera in use, a
full-screen window, do-not-disturb). No prompt comes inside one. A break that falls due inside a
block is offered *just before* it when there is room for the break before it starts, and otherwise
*right after* it; back-to-back blocks are walked through until the first gap long enough to stand up
in (issue 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

BusyKind = Literal["meeting", "call", "presentation", "dnd"]


@dataclass(frozen=True, slots=True)
class Busy:
    start: datetime
    end: datetime
    kind: BusyKind = "meeting"
    title: str = ""
    sitting: bool = True  # False for a walking meeting: it is a break, not sitting
    prerun: bool = False  # a run, gym or HIIT session: remind to warm up before it
    #: a block the user would rather be interrupted in than sit through unprompted ("Focus
    #: time", do-not-disturb): a break it defers comes at the deferral ceiling, inside it
    interruptible: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    at: datetime
    when: Literal["due", "before", "after", "ceiling"]
    block: Busy | None = None


def busy_at(blocks: Sequence[Busy], at: datetime) -> Busy | None:
    """The block ``at`` falls in (the one ending last when several overlap)."""
    inside = [b for b in blocks if b.start <= at < b.end]
    return max(inside, key=lambda b: b.end) if inside else None


def holds_prompts(blocks: Sequence[Busy], at: datetime) -> Busy | None:
    """The block that keeps a prompt back at ``at``: any block, walking meetings included."""
    return busy_at(blocks, at)


def free_after(blocks: Sequence[Busy], at: datetime, min_gap: timedelta) -> datetime:
    """The first instant at or after ``at`` followed by ``min_gap`` free of any block."""
    t = at
    moved = True
    while moved:
        moved = False
        for b in blocks:
            if b.start < t + min_gap and b.end > t:
                t = b.end
                moved = True
    return t


def place(
    due: datetime,
    now: datetime,
    blocks: Sequence[Busy],
    *,
    break_length: timedelta,
    min_gap: timedelta,
    early_window: timedelta,
    ceiling: timedelta | None = None,
) -> Placement:
    """When to offer a break that is due at ``due``, given the busy blocks.

    * ``due`` is free (no block within the break's length after it): offer it then;
    * otherwise, if there is still ``break_length`` before the block that gets in the way starts,
      and that moment is at most ``early_window`` before ``due``, offer it then ("your 11:00
      meeting runs to 12:00: stand up now for 5 minutes?");
    * otherwise right after the block, or after back-to-back blocks at the first gap of
      ``min_gap``;
    * but never later than ``ceiling`` past ``due`` when an interruptible block ("Focus time",
      do-not-disturb) is what holds it back: then at the ceiling, inside that block.
    """
    blocking = [b for b in blocks if b.end > now]
    at = max(due, now)
    clash = next(
        (
            b
            for b in sorted(blocking, key=lambda b: b.start)
            if b.start < at + break_length and b.end > at
        ),
        None,
    )
    if clash is None:
        return Placement(at, "due")
    if not clash.sitting:  # a walking meeting is the break: nothing to offer before it
        return Placement(clash.end, "after", clash)
    early = clash.start - break_length
    if now <= early and due - early <= early_window and busy_at(blocking, early) is None:
        return Placement(max(early, now), "before", clash)
    after = free_after(blocking, clash.end, min_gap)
    if ceiling is not None and after > due + ceiling:
        limit = max(due + ceiling, now)
        holding = [b for b in blocking if b.start <= limit < b.end]
        if holding and all(b.interruptible for b in holding):
            return Placement(limit, "ceiling", max(holding, key=lambda b: b.end))
    return Placement(after, "after", clash)
