"""What the break screen shows and what its keys and buttons do, fed monotonic instants.

No Tk here: :class:`ScreenModel` is a small state machine the window draws (``view``) and feeds
(``press``, ``key``, ``tick``), so its rules are tested without a display:

* **prompt** (the break is due, not started): the routine's first move moving gently, Start,
  Snooze and Skip (each only where the prompt allows it; none but Start in strict mode);
* **routine**: the routine played by :class:`loosen.core.session.Session` (the same session,
  timeline and pose model as the terminal and web players): Pause/Resume, Next, Done;
* **finished**: what became of it, then the screen closes by itself.

Esc closes the screen ("not now" before the routine, "end" during it) unless ``strict``. Pressing
Esc ``EMERGENCY_PRESSES`` times within ``EMERGENCY_WINDOW`` seconds always closes it, strict or
not: a key every keyboard has in the same place, which a person who needs out at once presses
again and again anyway, that no desktop takes for itself (unlike Ctrl+Alt+letter chords, which
also move with the keyboard layout), and that cannot happen in one accidental press. The screen
says so in strict mode.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from loosen.core.credit import credit
from loosen.core.pose import Pose, pose_at
from loosen.core.routine import Step, Timeline, next_move_step
from loosen.core.session import Session, StepOutcome
from loosen.screen import wording as w

Phase = Literal["prompt", "routine", "finished"]
EMERGENCY_PRESSES = 5
EMERGENCY_WINDOW = 3.0  # seconds
FINISHED_SECONDS = 4.0
STANDING = "REF_stand"  # how long the last word stays before the screen closes by itself


@dataclass(frozen=True, slots=True)
class Prompt:
    """What the service says about the break it is offering."""

    sitting: str = ""  # "You've been sitting for 62 min..."
    can_snooze: bool = True
    can_skip: bool = True
    snooze_minutes: int = 5
    strict: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """What the window must do or tell the service after a key, a button or time passing."""

    kind: Literal["answer", "dismiss", "ended", "close"]
    value: str = ""  # answer: start/snooze/skip; dismiss: esc/emergency; ended: outcome


@dataclass(frozen=True, slots=True)
class View:
    phase: Phase
    over: str  # small line above the title
    title: str
    side: str
    countdown: str
    detail: str
    coming: str
    buttons: tuple[tuple[str, str], ...]  # (id, label)
    hint: str
    progress: float
    paused: bool
    pose: Pose | None
    props: tuple[str, ...]
    secondary: str  # the other monitors' line above their countdown


class ScreenModel:
    def __init__(
        self, prompt: Prompt, poses: Mapping[str, Pose], timeline: Timeline, now: float
    ) -> None:
        self.prompt = prompt
        self.poses = poses
        self.timeline = timeline
        self.phase: Phase = "prompt"
        self.opened = now
        self.session: Session | None = None
        self.ended_at: float | None = None
        self.ended: str = ""
        self.verdict = ""
        self._escapes: list[float] = []

    # -- changes ---------------------------------------------------------------------------------
    def play(self, timeline: Timeline | None, now: float) -> None:
        """Start the routine (``timeline``, or the one shown in the prompt)."""
        if self.phase == "routine" and (timeline is None or timeline == self.timeline):
            return
        if timeline is not None:
            self.timeline = timeline
        self.session = Session(self.timeline, now)
        self.phase = "routine"

    def press(self, button: str, now: float) -> Reply | None:
        if button not in {b for b, _ in self.buttons(now)}:
            return None
        if self.phase == "prompt":
            if button == "start":
                self.play(None, now)
            return Reply("answer", button)
        if self.phase == "finished":
            return Reply("close")
        s = self.session
        assert s is not None
        if button in ("pause", "resume"):
            s.toggle_pause(now)
        elif button == "next":
            s.skip(now)
            return self.tick(now)
        elif button == "done":
            return self.end(now, "completed" if s.finished(now) else "quit")
        return None

    def key(self, key: str, now: float) -> Reply | None:
        if key == "Escape":
            self._escapes = [t for t in self._escapes if now - t <= EMERGENCY_WINDOW] + [now]
            if len(self._escapes) >= EMERGENCY_PRESSES:
                return self._leave(now, "emergency")
            if self.prompt.strict and self.phase != "finished":
                return None
            return self._leave(now, "esc")
        if self.phase == "prompt" and key == "Return":
            return self.press("start", now)
        if self.phase == "routine" and key == "space":
            return self.press("resume" if self.paused(now) else "pause", now)
        if self.phase == "routine" and key == "Right":
            return self.press("next", now)
        return None

    def _leave(self, now: float, how: str) -> Reply:
        if self.phase == "routine":
            s = self.session
            assert s is not None
            return self.end(now, "completed" if s.finished(now) else "quit", how)
        if self.phase == "finished":
            return Reply("close")
        return Reply("dismiss", how)

    def end(self, now: float, outcome: str, how: str = "") -> Reply:
        self.phase = "finished"
        self.ended_at = now
        self.ended = outcome
        self.verdict = credit(
            (o.step.duration, o.spent if o.status != "not-reached" else 0.0)
            for o in self.outcomes(now)
        ).why()
        return Reply("ended", outcome + (f":{how}" if how else ""))

    def tick(self, now: float) -> Reply | None:
        """Time passing: the routine ends by itself; the last word closes the screen."""
        if self.phase == "routine" and self.session is not None and self.session.finished(now):
            self.session.poll(now)
            return self.end(now, "completed")
        ended = self.ended_at
        if self.phase == "finished" and ended is not None and now - ended >= FINISHED_SECONDS:
            return Reply("close")
        return None

    # -- reading ---------------------------------------------------------------------------------
    def paused(self, now: float) -> bool:
        return self.session is not None and self.session.paused

    def outcomes(self, now: float) -> list[StepOutcome]:
        if self.session is None:
            return []
        at = self.ended_at if self.ended_at is not None else now
        return self.session.outcomes(at)

    def counts(self, now: float) -> bool:
        """Whether what was done so far counts as the break (``core.credit``'s rule)."""
        return credit(
            (o.step.duration, o.spent if o.status != "not-reached" else 0.0)
            for o in self.outcomes(now)
        ).counts

    def buttons(self, now: float) -> tuple[tuple[str, str], ...]:
        p = self.prompt
        if self.phase == "prompt":
            out = [("start", w.START)]
            if p.can_snooze and not p.strict:
                out.append(("snooze", w.fill(w.SNOOZE, minutes=p.snooze_minutes)))
            if p.can_skip and not p.strict:
                out.append(("skip", w.SKIP))
            return tuple(out)
        if self.phase == "finished":
            return (("close", w.CLOSE),)
        paused = self.paused(now)
        out = [("resume", w.RESUME) if paused else ("pause", w.PAUSE), ("next", w.NEXT)]
        if not p.strict or self.counts(now):
            out.append(("done", w.DONE))
        return tuple(out)

    def hint(self, now: float) -> str:
        strict = self.prompt.strict
        pressed = [t for t in self._escapes if now - t <= EMERGENCY_WINDOW]
        if strict and pressed and self.phase != "finished":
            left = EMERGENCY_PRESSES - len(pressed)
            return w.emergency_count(left)
        if self.phase == "prompt":
            return w.HINT_PROMPT_STRICT if strict else w.HINT_PROMPT
        if self.phase == "routine":
            return w.HINT_ROUTINE_STRICT if strict else w.HINT_ROUTINE
        return w.HINT_FINISHED

    def view(self, now: float) -> View:
        if self.phase == "prompt":
            return self._prompt_view(now)
        if self.phase == "finished":
            return self._finished_view(now)
        return self._routine_view(now)

    def _prompt_view(self, now: float) -> View:
        first = self.timeline.move_steps()[0]
        routine = self.timeline.routine
        # the first move, moving gently, as a preview (loops over its own length)
        t = (now - self.opened) % max(first.duration, 1.0)
        pose = pose_at(
            first.move.animation, self.poses, first.duration, t, mirrored=first.side == "left"
        )
        return View(
            "prompt",
            w.fill(w.PROMPT_ROUTINE, name=routine.name),
            w.PROMPT_TITLE,
            "",
            w.clock(self.timeline.total),
            self.prompt.sitting,
            w.fill(w.FIRST, move=first.move.name),
            self.buttons(now),
            self.hint(now),
            0.0,
            False,
            pose,
            first.move.props,
            w.SECONDARY_PROMPT,
        )

    def _finished_view(self, now: float) -> View:
        routine = self.timeline.routine
        counted = self.verdict.startswith("This counts")
        s = self.session
        done = 1.0 if s is None else s.frame(self.ended_at or now).progress
        return View(
            "finished",
            routine.name,
            w.FINISHED if counted else w.NOT_COUNTED,
            "",
            "",
            f"{self.verdict} {w.SAVED}",
            "",
            self.buttons(now),
            self.hint(now),
            done,
            False,
            self.poses.get(STANDING),  # up and about
            (),
            w.FINISHED if counted else w.NOT_COUNTED,
        )

    def _routine_view(self, now: float) -> View:
        s = self.session
        assert s is not None
        frame = s.frame(now)
        step = frame.step
        routine = self.timeline.routine
        detail = step.move.cue
        if step.kind == "move":
            over = w.fill(
                w.MOVE_OF, n=step.item_index + 1, count=len(routine.items), routine=routine.name
            )
            title = step.move.name
            side_line = w.side_line(step.side)
            if step.reps is not None and step.duration > 0:
                per = step.duration / step.reps
                rep = min(step.reps, int(frame.step_elapsed // per) + 1)
                detail = f"{w.fill(w.REP_OF, rep=rep, reps=step.reps)} · {detail}"
            else:
                detail = f"{w.dose(step)} · {detail}"
        elif step.kind == "switch":
            over, title = w.SWITCH, step.move.name
            side_line = w.side_line(step.side)
        else:
            over, title = w.GET_READY, step.move.name
            side_line = w.side_line(step.side, first=True)
        remaining = max(0, math.ceil(frame.step_remaining - 1e-9))
        paused = s.paused
        return View(
            "routine",
            w.PAUSED if paused else over,
            title,
            side_line,
            w.clock(remaining),
            detail,
            coming(self.timeline, step),
            self.buttons(now),
            self.hint(now),
            frame.progress,
            paused,
            self._pose(step, frame.step_elapsed),
            step.move.props,
            w.fill(w.SECONDARY_ROUTINE, move=step.move.name),
        )

    def _pose(self, step: Step, into: float) -> Pose:
        anim = step.move.animation
        if step.kind == "move":
            return pose_at(anim, self.poses, step.duration, into, mirrored=step.side == "left")
        # gaps: the coming move's starting pose, on the coming side (as the terminal player)
        return pose_at(
            anim, self.poses, max(step.duration, 1.0), 0.0, mirrored=step.side == "left", sway=False
        )


def coming(timeline: Timeline, step: Step) -> str:
    nxt = next_move_step(timeline, step.index)
    if nxt is None:
        return w.NEXT_END
    if nxt.move is step.move and nxt.side != step.side:
        return w.next_side(nxt.side)
    return w.fill(w.NEXT_MOVE, move=nxt.move.name)
