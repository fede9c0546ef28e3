"""Every word the break screen shows, in one place (plain English for now; the translation work
on its own branch marks them from here)."""

from __future__ import annotations

from loosen.core.routine import Step

START = "Start"
SNOOZE = "Snooze {minutes} min"
SKIP = "Skip"
PAUSE = "Pause"
RESUME = "Resume"
NEXT = "Next"
DONE = "Done"
CLOSE = "Close"

PROMPT_TITLE = "Time to move"
PROMPT_ROUTINE = "{name}"
FIRST = "First: {move}"
STARTING_SOON = "Your break"
SWITCH = "Switch sides"
GET_READY = "Get ready"
PAUSED = "Paused"
MOVE_OF = "Move {n} of {count} · {routine}"
SIDE = "{side} side"
SIDE_FIRST = "{side} side first"
NEXT_MOVE = "Next: {move}"
NEXT_SIDE = "Next: {side} side"
NEXT_END = "Next: the end. Nearly there."
REPS = "{reps} reps"
HOLD = "hold {seconds} s"
SECONDS = "{seconds} s"
REP_OF = "rep {rep} of {reps}"
FINISHED = "Well done"
NOT_COUNTED = "Noted"
SAVED = "Saved in your history."
SECONDARY_PROMPT = "Time to move"
SECONDARY_ROUTINE = "Break · {move}"

HINT_PROMPT = "Enter start · Esc not now"
HINT_PROMPT_STRICT = "Enter start · in an emergency press Esc five times"
HINT_ROUTINE = "Space pause · → next · Esc end"
HINT_ROUTINE_STRICT = "Space pause · → next · in an emergency press Esc five times"
HINT_FINISHED = "This screen closes by itself"
EMERGENCY_COUNT = "Esc {left} more time{s} to close"


def side_name(side: str | None) -> str:
    return "" if side is None else side.capitalize()


def dose(step: Step) -> str:
    if step.reps is not None:
        return REPS.format(reps=step.reps)
    if step.move.kind == "hold":
        return HOLD.format(seconds=f"{step.duration:g}")
    return SECONDS.format(seconds=f"{step.duration:g}")


def clock(seconds: float) -> str:
    s = max(0, round(seconds))
    m, sec = divmod(s, 60)
    return f"{m}:{sec:02d}"
