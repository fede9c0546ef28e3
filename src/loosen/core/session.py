"""A routine being played: position, pause, skip, back, and what was done.

The session is a small state machine over the routine's :class:`~loosen.core.routine.Timeline`. It
is fed *monotonic* instants in seconds by whoever plays it (the terminal player, a test) and never
reads a clock itself. The position in the routine is always computed from the instant the session
last changed (``anchor``) plus the time since, so it cannot drift however irregularly it is asked:
a 10-minute routine takes 10 minutes of wall time, paused time excluded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from loosen.core.routine import Frame, Step, Timeline, frame_at

StepStatus = Literal["pending", "done", "skipped"]

#: Within this many seconds of a step's start, "back" goes to the previous step instead of
#: restarting the current one (as a music player's "previous" does).
BACK_RESTART_GRACE = 2.0


@dataclass(frozen=True, slots=True)
class StepOutcome:
    step: Step
    status: Literal["done", "skipped", "not-reached"]
    spent: float  # seconds actually spent in the step, pauses excluded


@dataclass(frozen=True, slots=True)
class StepEntered:
    """The routine moved into ``step`` (by time passing, skip or back)."""

    step: Step
    previous: Step | None
    by: Literal["time", "skip", "back", "start"]


class Session:
    """Play state of one routine."""

    def __init__(self, timeline: Timeline, now: float) -> None:
        if not timeline.steps:
            raise ValueError("the routine has no steps")
        self.timeline = timeline
        self.started_at = now
        self._anchor_t = now
        self._anchor_pos = 0.0
        self._last_pos = 0.0
        self._paused = False
        self._paused_total = 0.0
        self._paused_since: float | None = None
        n = len(timeline.steps)
        self._status: list[StepStatus] = ["pending"] * n
        self._spent: list[float] = [0.0] * n
        self._current = 0
        self._pending_events: list[StepEntered] = [StepEntered(timeline.steps[0], None, "start")]

    # -- reading -------------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused

    def position(self, now: float) -> float:
        if self._paused:
            return self._anchor_pos
        return min(self.timeline.total, self._anchor_pos + max(0.0, now - self._anchor_t))

    def frame(self, now: float) -> Frame:
        return frame_at(self.timeline, self.position(now))

    def finished(self, now: float) -> bool:
        return self.position(now) >= self.timeline.total

    def paused_seconds(self, now: float) -> float:
        extra = now - self._paused_since if self._paused_since is not None else 0.0
        return self._paused_total + extra

    # -- time passing --------------------------------------------------------------------------
    def poll(self, now: float) -> list[StepEntered]:
        """Account for the time since the last call; return the steps entered meanwhile."""
        self._advance(now)
        events, self._pending_events = self._pending_events, []
        return events

    def _advance(self, now: float) -> None:
        pos = self.position(now)
        if pos <= self._last_pos:
            return
        steps = self.timeline.steps
        i = self._current
        p = self._last_pos
        while i < len(steps) and p < pos:
            step = steps[i]
            upto = min(pos, step.end)
            self._spent[i] += max(0.0, upto - p)
            p = upto
            if p >= step.end:
                if self._status[i] == "pending":
                    self._status[i] = "done"
                if i + 1 < len(steps):
                    self._pending_events.append(StepEntered(steps[i + 1], step, "time"))
                    i += 1
                else:
                    break
        self._current = i
        self._last_pos = pos

    # -- commands ------------------------------------------------------------------------------
    def pause(self, now: float) -> None:
        if self._paused:
            return
        self._advance(now)
        self._anchor_pos = self.position(now)
        self._anchor_t = now
        self._paused = True
        self._paused_since = now

    def resume(self, now: float) -> None:
        if not self._paused:
            return
        self._paused = False
        if self._paused_since is not None:
            self._paused_total += now - self._paused_since
        self._paused_since = None
        self._anchor_t = now

    def toggle_pause(self, now: float) -> None:
        if self._paused:
            self.resume(now)
        else:
            self.pause(now)

    def _jump(self, now: float, index: int, by: Literal["skip", "back"]) -> None:
        previous = self.timeline.steps[self._current]
        target = self.timeline.steps[index]
        self._anchor_pos = target.start
        self._anchor_t = now
        self._last_pos = target.start
        self._current = index
        self._pending_events.append(StepEntered(target, previous, by))

    def skip(self, now: float) -> None:
        """Leave the current step; a move step left early is recorded as skipped."""
        self._advance(now)
        if self.finished(now):
            return
        i = self._current
        if self._status[i] == "pending":
            self._status[i] = "skipped"
        if i + 1 < len(self.timeline.steps):
            self._jump(now, i + 1, "skip")
        else:
            self._anchor_pos = self.timeline.total
            self._anchor_t = now
            self._last_pos = self.timeline.total

    def back(self, now: float) -> None:
        """Restart the current step, or go to the previous one near its start."""
        self._advance(now)
        i = self._current
        into = self.position(now) - self.timeline.steps[i].start
        if self.finished(now) or into > BACK_RESTART_GRACE or i == 0:
            target = i
        else:
            target = i - 1
            # a gap is not worth going back to: go to the move before it
            while target > 0 and self.timeline.steps[target].kind != "move":
                target -= 1
        for j in range(target, len(self._status)):
            self._status[j] = "pending"
        self._jump(now, target, "back")

    # -- results -------------------------------------------------------------------------------
    def outcomes(self, now: float) -> list[StepOutcome]:
        """Every move step with what became of it (gaps are left out)."""
        self._advance(now)
        out = []
        for step, status, spent in zip(self.timeline.steps, self._status, self._spent, strict=True):
            if step.kind != "move":
                continue
            final: Literal["done", "skipped", "not-reached"] = (
                "not-reached" if status == "pending" else status
            )
            out.append(StepOutcome(step, final, spent))
        return out

    def completed(self, now: float) -> bool:
        """True when the end of the routine was reached (some steps may have been skipped)."""
        return self.finished(now)
