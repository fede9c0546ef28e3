"""What the break notifications say, and their buttons (the runner shows them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from loosen.core.coach import Notify
from loosen.ports import ButtonId


@dataclass(frozen=True, slots=True)
class Wording:
    seated: bool = False  # "move" rather than "stand up" (screening: seated-only)
    break_minutes: int = 5


def minutes(td: timedelta) -> int:
    return max(0, int(td.total_seconds() // 60))


def texts(n: Notify, w: Wording, local: Callable[[datetime], datetime]) -> tuple[str, str]:
    sat = minutes(n.sitting_for)
    up = "Move" if w.seated else "Stand up"
    if n.kind == "heads-up":
        return (
            "A movement break in a minute",
            f"You've been sitting for {sat} min. Finish your sentence; the break comes next.",
        )
    if n.kind == "pre-run" and n.before is not None:
        start = local(n.before.start)
        return (
            f"Warm up before your {start:%H:%M} {n.before.title}",
            "Five minutes of dynamic warm-up (`loosen stretch pre-run`); save the long static "
            "stretches for afterwards.",
        )
    if n.kind == "break" and n.before is not None:
        start, end = local(n.before.start), local(n.before.end)
        what = n.before.title or "meeting"
        return (
            "Time to move, before your meeting",
            f"Your {start:%H:%M} {what} runs to {end:%H:%M} — stand up now for "
            f"{w.break_minutes} minutes?",
        )
    if n.kind == "break" and n.gap is not None:
        a, b = local(n.gap[0]).strftime("%H:%M"), local(n.gap[1]).strftime("%H:%M")
        return (
            "Time to move",
            f"You've been sitting for {sat} min — time for a {w.break_minutes}-minute "
            f"movement break. Unless you were up just now: no keyboard or mouse from {a} to {b}.",
        )
    if n.kind == "break":
        return (
            "Time to move",
            f"You've been sitting for {sat} min — time for a {w.break_minutes}-minute "
            "movement break.",
        )
    if n.kind == "reminder":
        return (
            "Still sitting",
            f"{sat} min now. {up} for a few minutes: your hips will thank you.",
        )
    if n.kind == "nudge":
        return (
            f"{up} for a minute",
            f"You've been sitting for {sat} min. {up}, stretch, look out of the window.",
        )
    gap = n.gap
    if gap is not None:
        a, b = local(gap[0]).strftime("%H:%M"), local(gap[1]).strftime("%H:%M")
        return (
            "Did you get up just now?",
            f"No keyboard or mouse from {a} to {b}. If you got up and moved, it counts as a break.",
        )
    return ("Did you get up just now?", "If you got up and moved, it counts as a break.")


def buttons_for(n: Notify) -> list[tuple[ButtonId, str]]:
    if n.kind == "ask-moved":
        return [("yes", "Yes, I moved"), ("no", "No")]
    if n.kind == "pre-run":
        return [("warmup", "Start warm-up")]
    if n.kind in ("break", "reminder", "heads-up"):
        out: list[tuple[ButtonId, str]] = [("start", "Start routine")]
        if n.gap is not None:  # the prompt asks about the quiet just before it
            out.append(("yes", "I was up then"))
        if n.can_snooze:
            out.append(("snooze", "Snooze 5 min"))
        if n.can_skip and n.kind != "heads-up" and len(out) < 3:
            out.append(("skip", "Skip"))
        return out
    return []
