"""The guided routine in the terminal: full screen with rich, or one plain line per step.

The player owns no timing logic: :class:`loosen.core.session.Session` says where the routine is
at each monotonic instant, and the player only draws it, reads keys and sounds the cues. It wakes
up only as often as the screen changes: 10 times a second while the figure moves, once a second
for the countdown alone, and at step boundaries in plain mode.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Literal

from loosen.clock import Clock
from loosen.core.pose import Pose, pose_at
from loosen.core.routine import Step, Timeline, next_move_step
from loosen.core.session import Session, StepEntered
from loosen.i18n import _, ngettext
from loosen.terminal.bigtext import big
from loosen.terminal.cues import Cues
from loosen.terminal.keys import Keys

Ended = Literal["completed", "quit", "stopped"]
CheckResult = Literal["continue", "skip-move", "stop", "emergency"]

FRAME_SECONDS = 0.1  # 10 frames a second is smooth enough for a slow stretch figure


@dataclass(frozen=True, slots=True)
class PlayerOptions:
    animation: bool = True
    bell: bool = True
    voice: bool = True
    plain: bool = False


@dataclass(frozen=True, slots=True)
class PlayResult:
    session: Session
    ended: Ended
    ended_at: float  # monotonic
    interrupted: bool = False


def side_text(side: str | None) -> str:
    if not side:
        return ""
    return _("left side") if side == "left" else _("right side")


def side_heading(side: str) -> str:
    return _("LEFT SIDE") if side == "left" else _("RIGHT SIDE")


def dose_line(step: Step) -> str:
    if step.reps is not None:
        return ngettext("%(n)s rep", "%(n)s reps", step.reps) % {"n": step.reps}
    if step.move.kind == "hold":
        return _("hold %(seconds)s s") % {"seconds": f"{step.duration:g}"}
    return _("%(seconds)s s") % {"seconds": f"{step.duration:g}"}


class Player:
    def __init__(
        self,
        timeline: Timeline,
        poses: Mapping[str, Pose],
        *,
        clock: Clock,
        keys: Keys,
        out: IO[str],
        options: PlayerOptions,
        on_check: Callable[[], CheckResult] | None = None,
    ) -> None:
        self.timeline = timeline
        self.poses = poses
        self.clock = clock
        self.keys = keys
        self.out = out
        self.options = options
        self.on_check = on_check
        self.cues = Cues(out, bell=options.bell, voice=options.voice)
        moves = timeline.move_steps()
        self._move_number = {s.index: n for n, s in enumerate(moves, 1)}
        self._move_count = len(moves)
        self._live: object | None = None
        self._silent = False

    # -- main loop -----------------------------------------------------------------------------
    def run(self) -> PlayResult:
        session = Session(self.timeline, self.clock.monotonic())
        try:
            ended = self._loop(session) if self.options.plain else self._run_live(session)
        except KeyboardInterrupt:
            now = self.clock.monotonic()
            session.pause(now)
            self._finish(session, "quit")
            return PlayResult(session, "quit", now, interrupted=True)
        finally:
            self.cues.close()
        now = self.clock.monotonic()
        self._finish(session, ended)
        return PlayResult(session, ended, now)

    def _run_live(self, session: Session) -> Ended:
        from rich.console import Console
        from rich.live import Live

        console = Console(file=self.out, highlight=False)
        with Live(console=console, screen=True, auto_refresh=False, transient=True) as live:
            self._live = live
            try:
                return self._loop(session)
            finally:
                self._live = None

    def _loop(self, session: Session) -> Ended:
        while True:
            now = self.clock.monotonic()
            for event in session.poll(now):
                self._entered(session, event)
            if session.finished(now):
                return "completed"
            self._draw(session, now)
            for cmd in self.keys.read(self._wait(session, now)):
                now = self.clock.monotonic()
                if cmd == "quit":
                    session.poll(now)
                    return "quit"
                if cmd == "pause":
                    session.toggle_pause(now)
                    if self.options.plain:
                        self._say(
                            _("Paused. Press space to go on.") if session.paused else _("Going on.")
                        )
                elif cmd == "skip":
                    session.skip(now)
                elif cmd == "back":
                    session.back(now)
                elif cmd == "check" and self.on_check is not None:
                    result = self._check(session)
                    if result in ("stop", "emergency"):
                        # after an emergency message nothing else may be shown
                        self._silent = result == "emergency"
                        return "stopped"
                    if result == "skip-move":
                        session.skip(self.clock.monotonic())
                    session.resume(self.clock.monotonic())

    def _wait(self, session: Session, now: float) -> float:
        """How long until the screen next needs to change."""
        frame = session.frame(now)
        if session.paused:
            return 1.0
        if self.options.plain:
            return max(0.0, frame.step_remaining)
        if self.options.animation and frame.step.kind == "move":
            return FRAME_SECONDS
        # the countdown shows whole seconds, rounded up: wake when it changes
        rem = frame.step_remaining
        return max(0.01, min(1.0, rem - (math.ceil(rem) - 1)))

    def _check(self, session: Session) -> CheckResult:
        assert self.on_check is not None
        session.pause(self.clock.monotonic())
        live = self._live
        if live is not None:
            live.stop()  # type: ignore[attr-defined]
        self.keys.suspend()
        try:
            result = self.on_check()
        finally:
            self.keys.resume()
            if live is not None and result in ("continue", "skip-move"):
                live.start()  # type: ignore[attr-defined]
        return result

    # -- cues ------------------------------------------------------------------------------------
    def _entered(self, session: Session, event: StepEntered) -> None:
        step = event.step
        if self.options.plain:
            self._say(self._plain_line(step))
        if step.kind == "switch":
            self.cues.cue(_("Switch sides"))
        elif step.kind == "transition":
            self.cues.cue(_("Next: %(name)s") % {"name": step.move.name})
        elif event.by == "start":
            said = {"name": step.move.name, "side": side_text(step.side)}
            self.cues.say(_("%(name)s. %(side)s") % said if step.side else step.move.name)

    def _finish(self, session: Session, ended: Ended) -> None:
        if self._silent:
            return
        now = self.clock.monotonic()
        outcomes = session.outcomes(now)
        done = sum(1 for o in outcomes if o.status == "done")
        spent = now - session.started_at - session.paused_seconds(now)
        name = self.timeline.routine.name
        count = len(outcomes)
        said = {"name": name, "done": done, "count": count, "time": _clock(spent)}
        if ended == "completed":
            msg = ngettext(
                "Done: %(name)s. %(done)s of %(count)s step done in %(time)s.",
                "Done: %(name)s. %(done)s of %(count)s steps done in %(time)s.",
                count,
            )
        elif ended == "stopped":
            msg = ngettext(
                "Stopped: %(name)s. %(done)s of %(count)s step done.",
                "Stopped: %(name)s. %(done)s of %(count)s steps done.",
                count,
            )
            said.pop("time")
        else:
            msg = ngettext(
                "Quit: %(name)s. %(done)s of %(count)s step done in %(time)s.",
                "Quit: %(name)s. %(done)s of %(count)s steps done in %(time)s.",
                count,
            )
        self._say(msg % said)
        if ended == "completed":
            self.cues.cue(_("Routine complete."))

    def _say(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def _plain_line(self, step: Step) -> str:
        seconds = f"{step.duration:g}"
        if step.kind == "switch":
            return _("Switch sides: %(side)s next (%(seconds)s s).") % {
                "side": side_text(step.side),
                "seconds": seconds,
            }
        if step.kind == "transition":
            return _("Next: %(name)s (%(seconds)s s to get ready).") % {
                "name": step.move.name,
                "seconds": seconds,
            }
        said = {
            "n": self._move_number[step.index],
            "count": self._move_count,
            "name": step.move.name,
            "side": side_text(step.side),
            "dose": dose_line(step),
            "cue": step.move.cue,
        }
        if step.side:
            return _("[%(n)s/%(count)s] %(name)s, %(side)s: %(dose)s. %(cue)s") % said
        return _("[%(n)s/%(count)s] %(name)s: %(dose)s. %(cue)s") % said

    # -- drawing ---------------------------------------------------------------------------------
    def _draw(self, session: Session, now: float) -> None:
        if self._live is None:
            return
        self._live.update(self._screen(session, now), refresh=True)  # type: ignore[attr-defined]

    def _screen(self, session: Session, now: float) -> object:
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        from loosen.terminal.figure import render_layers

        frame = session.frame(now)
        step = frame.step
        live = self._live
        width, height = live.console.size if live is not None else (80, 24)  # type: ignore[attr-defined]
        routine = self.timeline.routine

        top = Table.grid(expand=True)
        top.add_column()
        top.add_column(justify="right")
        top.add_row(
            Text.assemble(("loosen", "bold green"), " · ", (routine.name, "bold")),
            Text(f"{_clock(frame.elapsed)} / {_clock(frame.total)}"),
        )

        info: list[object] = []
        move_step = step if step.kind == "move" else None
        if move_step is not None:
            items = len(routine.items)
            info.append(
                Text(
                    _("Move %(number)s of %(count)s")
                    % {"number": step.item_index + 1, "count": items},
                    style="dim",
                )
            )
            info.append(Text(step.move.name, style="bold"))
            if step.side:
                info.append(Text(side_heading(step.side), style="bold yellow"))
        elif step.kind == "switch":
            info.append(Text(_("Switch sides"), style="bold yellow"))
            info.append(
                Text(
                    (
                        _("%(name)s: left side next")
                        if step.side == "left"
                        else _("%(name)s: right side next")
                    )
                    % {"name": step.move.name}
                )
            )
        else:
            info.append(Text(_("Get ready"), style="bold cyan"))
            info.append(Text(_("Next: %(name)s") % {"name": step.move.name}, style="bold"))
            if step.side:
                info.append(
                    Text(
                        _("Left side first") if step.side == "left" else _("Right side first"),
                        style="yellow",
                    )
                )
        info.append(Text(""))
        if session.paused:
            info.append(Text(_("PAUSED"), style="bold reverse"))
            info.append(Text(_("Press space to go on."), style="dim"))
        else:
            remaining = max(0, math.ceil(frame.step_remaining - 1e-9))
            for row in big(_clock(remaining)):
                info.append(Text(row, style="bold"))
            if step.reps is not None and step.duration > 0:
                per = step.duration / step.reps
                rep = min(step.reps, int(frame.step_elapsed // per) + 1)
                info.append(Text(_("rep %(rep)s of %(reps)s") % {"rep": rep, "reps": step.reps}))
            elif move_step is not None:
                info.append(Text(dose_line(step)))
        info.append(Text(""))
        info.append(Text(step.move.cue, style="italic"))
        if move_step is not None and step.move.feel and height >= 22:
            info.append(Text(_("Feel: %(feel)s") % {"feel": step.move.feel}, style="dim"))
        if frame.elapsed < 15 and routine.notes:
            notes = " ".join(routine.notes)
            info.append(Text(_("Adjusted for you: %(notes)s") % {"notes": notes}, style="dim"))

        body = Table.grid(expand=True, padding=(0, 2))
        fig_h = max(6, min(18, height - 9))
        fig_w = max(12, min(int(fig_h * 2.8), width // 2))
        if self.options.animation and width >= 60:
            body.add_column(width=fig_w, no_wrap=True)
            body.add_column(ratio=1)
            pose = self._pose(session, now)
            far, near = render_layers(pose, fig_w, fig_h, props=step.move.props)
            body.add_row(_merge_layers(far, near), Group(*info))  # type: ignore[arg-type]
        else:
            body.add_column(ratio=1)
            body.add_row(Group(*info))  # type: ignore[arg-type]

        nxt = next_move_step(self.timeline, step.index)
        if nxt is None:
            coming = _("Next: the end. Nearly there.")
        elif nxt.move is step.move and nxt.side != step.side:
            coming = _("Next: %(name)s") % {"name": side_text(nxt.side)}
        else:
            coming = _("Next: %(name)s") % {"name": nxt.move.name}
        progress = Table.grid(expand=True)
        progress.add_column(ratio=1)
        progress.add_column(width=5, justify="right")
        progress.add_row(
            ProgressBar(total=frame.total or 1.0, completed=frame.elapsed),
            Text(f"{round(frame.progress * 100)}%"),
        )
        keys = _("space pause · ←/b back · →/n skip · ! something feels wrong · q quit")
        return Group(
            top,
            Text(""),
            body,
            Text(""),
            Text(coming, style="cyan"),
            progress,
            Text(keys, style="dim"),
        )

    def _pose(self, session: Session, now: float) -> Pose:
        frame = session.frame(now)
        step = frame.step
        anim = step.move.animation
        if step.kind == "move":
            return pose_at(
                anim, self.poses, step.duration, frame.step_elapsed, mirrored=step.side == "left"
            )
        # gaps: the coming move's starting pose, on the coming side
        return pose_at(
            anim, self.poses, max(step.duration, 1.0), 0.0, mirrored=step.side == "left", sway=False
        )


def _merge_layers(far: list[str], near: list[str]) -> object:
    """One rich Text from the two braille layers: near limbs bright, far limbs dim."""
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop")
    for i, (frow, nrow) in enumerate(zip(far, near, strict=True)):
        if i:
            text.append("\n")
        for fc, nc in zip(frow, nrow, strict=True):
            fbits = ord(fc) - 0x2800 if fc != " " else 0
            nbits = ord(nc) - 0x2800 if nc != " " else 0
            if nbits:
                text.append(chr(0x2800 + (nbits | fbits)), style="bold")
            elif fbits:
                text.append(chr(0x2800 + fbits), style="dim")
            else:
                text.append(" ")
    return text


def _clock(seconds: float) -> str:
    s = max(0, round(seconds))
    m, sec = divmod(s, 60)
    return f"{m}:{sec:02d}"
