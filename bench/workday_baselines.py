"""Three baseline break timers as per-second models, over the same plans and the same user.

* ``timer``: a plain 60-minute wall-clock timer, started at the day's first desk second and
  stopped at its last (a kitchen timer the user sets when they sit down and turns off at the end
  of the day); it knows nothing of input, meetings, locks or suspends.
* ``idle-reset``: the model of Stretchly and BreakTimer: 60 minutes of wall time since the last
  reset; input idle for 5 minutes resets it (a natural break); no meeting awareness.
* ``workrave``: only active time counts toward the 60 minutes (a second is active when there was
  input in the last 5 s); input idle for the break length, 5 minutes, resets it.

All three, like loosen: a break prompt the user does not answer is shown again after 10 minutes,
at most 3 times, then the count starts again; a snooze shows it again in 5 minutes; a skip starts
the count again; a break the user takes starts it again when they come back. What a model treats
as rest: the idle stretches that reset it (from the last input to the next one), none for the
timer. Wake-ups are a model, not a measurement: one per prompt and per answer for the timer; a
1 Hz tick for the other two (Stretchly, BreakTimer and Workrave all count down with a one-second
timer; Workrave measured 7.3 wake-ups/s on an idle desktop in ``bench/service.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.workday_days import Plan

MODELS = ("timer", "idle-reset", "workrave")
LIMIT = 3600
IDLE_RESET = 300
ACTIVE_WITHIN = 5
REACTION = 20


@dataclass(frozen=True)
class Shown:
    """What a baseline shows, as the scripted user sees it (``at``, ``kind``, ``buttons``)."""

    at: datetime
    kind: str
    buttons: tuple[str, ...] = ("start", "snooze", "skip")


def run(plan: Plan, model: str, user: Callable[[Any], Any]) -> dict[str, Any]:
    n = plan.n
    w0, w1 = plan.work
    away = bytearray(n)
    away_spans: list[tuple[int, int]] = []
    todo: dict[int, list[Callable[[], None]]] = {}
    prompts: list[tuple[int, str]] = []
    rest: list[tuple[int, int]] = []
    st: dict[str, Any] = {
        "count": 0,
        "waiting": False,  # a prompt is out and not yet answered by a break or a skip
        "again_at": -1,  # when to show it again
        "again_kind": "break",
        "reminders": 0,
        "break_until": -1,
        "wakes": 0,
    }
    last_input = -(10**9)
    resting_since: int | None = None

    def later(i: int, fn: Callable[[], None]) -> None:
        todo.setdefault(i, []).append(fn)

    def reset() -> None:
        st.update(count=0, waiting=False, again_at=-1, reminders=0)

    def show(i: int, kind: str) -> None:
        prompts.append((i, kind))
        st["wakes"] += 1
        st["waiting"] = True
        st["again_at"] = -1
        answer = user(Shown(plan.at(i), kind))
        name = type(answer).__name__ if answer is not None else ""
        at = i + REACTION
        if name == "TakeBreak":
            end = min(n, at + int(answer.minutes * 60))

            def start() -> None:
                st["wakes"] += 1
                away[at:end] = b"\x01" * (end - at)
                away_spans.append((at, end))
                st["break_until"] = end
                reset()

            later(at, start)
        elif name == "Press" and answer.button == "snooze":

            def snooze() -> None:
                st["wakes"] += 1
                st.update(again_at=at + 300, again_kind="break")

            later(at, snooze)
        elif name == "Press" and answer.button == "skip":

            def skip() -> None:
                st["wakes"] += 1
                reset()

            later(at, skip)
        elif st["reminders"] < 3:
            st["reminders"] += 1
            st.update(again_at=i + 600, again_kind="reminder")
        else:
            reset()

    for i in range(n):
        for fn in todo.pop(i, ()):
            fn()
        if plan.inp[i] and not away[i]:
            last_input = i
            if resting_since is not None:
                rest.append((resting_since, i))
                resting_since = None
        if i < st["break_until"]:
            st["count"] = 0
            continue
        idle = i - last_input
        if model == "timer":
            if not (w0 <= i < w1):
                continue
            st["count"] += 1
        elif idle >= IDLE_RESET:
            if resting_since is None:
                resting_since = max(0, last_input + 1)
                reset()
            continue
        elif model == "idle-reset" or idle < ACTIVE_WITHIN:
            st["count"] += 1
        if st["waiting"]:
            if i == st["again_at"]:
                show(i, st["again_kind"])
        elif st["count"] >= LIMIT:
            show(i, "break")
    if resting_since is not None:
        rest.append((resting_since, n))
    hours = n / 3600
    wakes = st["wakes"] if model == "timer" else n
    return {
        "prompts": prompts,
        "rest": rest,
        "away": away_spans,
        "wakeups": wakes,
        "wake_per_h": wakes / hours,
    }
