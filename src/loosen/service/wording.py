"""What the break notifications say, and their buttons (the runner shows them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from loosen.core.coach import Notify
from loosen.i18n import _, ngettext
from loosen.i18n.formats import time_of_day
from loosen.ports import ButtonId


@dataclass(frozen=True, slots=True)
class Wording:
    seated: bool = False  # "move" rather than "stand up" (screening: seated-only)
    break_minutes: int = 5


def minutes(td: timedelta) -> int:
    return max(0, int(td.total_seconds() // 60))


def texts(n: Notify, w: Wording, local: Callable[[datetime], datetime]) -> tuple[str, str]:
    sat = {"minutes": minutes(n.sitting_for)}
    if n.kind == "heads-up":
        return (
            _("A movement break in a minute"),
            _(
                "You've been sitting for %(minutes)s min. Finish your sentence; the break comes "
                "next."
            )
            % sat,
        )
    if n.kind == "pre-run" and n.before is not None:
        start = time_of_day(local(n.before.start))
        return (
            _("Warm up before your %(time)s %(title)s") % {"time": start, "title": n.before.title},
            _(
                "Five minutes of dynamic warm-up (`loosen stretch pre-run`); save the long static "
                "stretches for afterwards."
            ),
        )
    if n.kind == "break" and n.before is not None:
        start, end = time_of_day(local(n.before.start)), time_of_day(local(n.before.end))
        what = n.before.title or _("meeting")
        return (
            _("Time to move, before your meeting"),
            ngettext(
                "Your %(start)s %(title)s runs to %(end)s — stand up now for %(n)s minute?",
                "Your %(start)s %(title)s runs to %(end)s — stand up now for %(n)s minutes?",
                w.break_minutes,
            )
            % {"start": start, "title": what, "end": end, "n": w.break_minutes},
        )
    if n.kind == "break" and n.gap is not None:
        a, b = time_of_day(local(n.gap[0])), time_of_day(local(n.gap[1]))
        return (
            _("Time to move"),
            _(
                "You've been sitting for %(minutes)s min — time for a %(length)s-minute "
                "movement break. Unless you were up just now: no keyboard or mouse from "
                "%(start)s to %(end)s."
            )
            % {**sat, "length": w.break_minutes, "start": a, "end": b},
        )
    if n.kind == "break":
        return (
            _("Time to move"),
            _(
                "You've been sitting for %(minutes)s min — time for a %(length)s-minute "
                "movement break."
            )
            % {**sat, "length": w.break_minutes},
        )
    if n.kind == "reminder":
        if w.seated:
            body = _("%(minutes)s min now. Move for a few minutes: your hips will thank you.")
        else:
            body = _("%(minutes)s min now. Stand up for a few minutes: your hips will thank you.")
        return (_("Still sitting"), body % sat)
    if n.kind == "nudge":
        if w.seated:
            return (
                _("Move for a minute"),
                _("You've been sitting for %(minutes)s min. Move, stretch, look out of the window.")
                % sat,
            )
        return (
            _("Stand up for a minute"),
            _("You've been sitting for %(minutes)s min. Stand up, stretch, look out of the window.")
            % sat,
        )
    gap = n.gap
    if gap is not None:
        a, b = time_of_day(local(gap[0])), time_of_day(local(gap[1]))
        return (
            _("Did you get up just now?"),
            _(
                "No keyboard or mouse from %(start)s to %(end)s. If you got up and moved, it "
                "counts as a break."
            )
            % {"start": a, "end": b},
        )
    return (
        _("Did you get up just now?"),
        _("If you got up and moved, it counts as a break."),
    )


def buttons_for(n: Notify) -> list[tuple[ButtonId, str]]:
    if n.kind == "ask-moved":
        return [("yes", _("Yes, I moved")), ("no", _("No"))]
    if n.kind == "pre-run":
        return [("warmup", _("Start warm-up"))]
    if n.kind in ("break", "reminder", "heads-up"):
        out: list[tuple[ButtonId, str]] = [("start", _("Start routine"))]
        if n.gap is not None:  # the prompt asks about the quiet just before it
            out.append(("yes", _("I was up then")))
        if n.can_snooze:
            out.append(("snooze", _("Snooze %(minutes)s min") % {"minutes": 5}))
        if n.can_skip and n.kind != "heads-up" and len(out) < 3:
            out.append(("skip", _("Skip")))
        return out
    return []
