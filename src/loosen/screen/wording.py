"""Every word the break screen shows, in one place, translated when it is shown.

``w.START`` and the other upper-case names give the message in the active language (the child
chooses it when it starts, as the service does); those with placeholders are filled with
:func:`fill` (``fill(w.SNOOZE, minutes=5)``), in the ``%(name)s`` form every catalog uses.
"""

from __future__ import annotations

from loosen.core.routine import Step
from loosen.i18n import N_, _, ngettext

MESSAGES = {
    "START": N_("Start"),
    "SNOOZE": N_("Snooze %(minutes)s min"),
    "SKIP": N_("Skip"),
    "PAUSE": N_("Pause"),
    "RESUME": N_("Resume"),
    "NEXT": N_("Next"),
    "DONE": N_("Done"),
    "CLOSE": N_("Close"),
    "PROMPT_TITLE": N_("Time to move"),
    "PROMPT_ROUTINE": "%(name)s",
    "FIRST": N_("First: %(move)s"),
    "STARTING_SOON": N_("Your break"),
    "SWITCH": N_("Switch sides"),
    "GET_READY": N_("Get ready"),
    "PAUSED": N_("Paused"),
    "MOVE_OF": N_("Move %(n)s of %(count)s · %(routine)s"),
    # a sentence for each side, not a word put into one (each language says it its own way)
    "SIDE_LEFT": N_("Left side"),
    "SIDE_RIGHT": N_("Right side"),
    "SIDE_FIRST_LEFT": N_("Left side first"),
    "SIDE_FIRST_RIGHT": N_("Right side first"),
    "NEXT_MOVE": N_("Next: %(move)s"),
    "NEXT_LEFT": N_("Next: Left side"),
    "NEXT_RIGHT": N_("Next: Right side"),
    "NEXT_END": N_("Next: the end. Nearly there."),
    "HOLD": N_("hold %(seconds)s s"),
    "SECONDS": N_("%(seconds)s s"),
    "REP_OF": N_("rep %(rep)s of %(reps)s"),
    "FINISHED": N_("Well done"),
    "NOT_COUNTED": N_("Noted"),
    "SAVED": N_("Saved in your history."),
    "SECONDARY_PROMPT": N_("Time to move"),
    "SECONDARY_ROUTINE": N_("Break · %(move)s"),
    "HINT_PROMPT": N_("Enter start · Esc not now"),
    "HINT_PROMPT_STRICT": N_("Enter start · in an emergency press Esc five times"),
    "HINT_ROUTINE": N_("Space pause · → next · Esc end"),
    "HINT_ROUTINE_STRICT": N_("Space pause · → next · in an emergency press Esc five times"),
    "HINT_FINISHED": N_("This screen closes by itself"),
}


def __getattr__(name: str) -> str:
    if name in MESSAGES:
        return _(MESSAGES[name])
    raise AttributeError(f"module 'loosen.screen.wording' has no attribute {name!r}")


def fill(message: str, **values: object) -> str:
    """A translated message with its placeholders filled."""
    return message % values


def emergency_count(left: int) -> str:
    return ngettext("Esc %(left)s more time to close", "Esc %(left)s more times to close", left) % {
        "left": left
    }


def side_line(side: str | None, *, first: bool = False) -> str:
    """ "Left side" (or "Left side first", before the move): "" for a move without sides."""
    if side not in ("left", "right"):
        return ""
    return _(MESSAGES[f"SIDE_FIRST_{side.upper()}" if first else f"SIDE_{side.upper()}"])


def next_side(side: str | None) -> str:
    """ "Next: Right side", when the same move goes on on the other side."""
    return _(MESSAGES["NEXT_LEFT" if side == "left" else "NEXT_RIGHT"])


def dose(step: Step) -> str:
    if step.reps is not None:
        return fill(ngettext("%(reps)s rep", "%(reps)s reps", step.reps), reps=step.reps)
    if step.move.kind == "hold":
        return fill(_(MESSAGES["HOLD"]), seconds=f"{step.duration:g}")
    return fill(_(MESSAGES["SECONDS"]), seconds=f"{step.duration:g}")


def clock(seconds: float) -> str:
    s = max(0, round(seconds))
    m, sec = divmod(s, 60)
    return f"{m}:{sec:02d}"
