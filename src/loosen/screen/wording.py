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
    "SIDE": N_("%(side)s side"),
    "SIDE_FIRST": N_("%(side)s side first"),
    "NEXT_MOVE": N_("Next: %(move)s"),
    "NEXT_SIDE": N_("Next: %(side)s side"),
    "NEXT_END": N_("Next: the end. Nearly there."),
    "REPS": N_("%(reps)s reps"),
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


SIDES = {"left": N_("Left"), "right": N_("Right")}


def side_name(side: str | None) -> str:
    if side is None:
        return ""
    return _(SIDES[side]) if side in SIDES else side.capitalize()


def dose(step: Step) -> str:
    if step.reps is not None:
        return fill(_(MESSAGES["REPS"]), reps=step.reps)
    if step.move.kind == "hold":
        return fill(_(MESSAGES["HOLD"]), seconds=f"{step.duration:g}")
    return fill(_(MESSAGES["SECONDS"]), seconds=f"{step.duration:g}")


def clock(seconds: float) -> str:
    s = max(0, round(seconds))
    m, sec = divmod(s, 60)
    return f"{m}:{sec:02d}"
