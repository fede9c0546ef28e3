"""The break screen process: ``python -m loosen.screen``, started by the service for one break.

It talks to the service in JSON lines, one object a line: the service writes to its standard
input, it answers on its standard output (nothing else is ever printed there).

From the service:

* ``{"type": "open", "phase": "prompt" | "routine", "routine": ID, "sitting": TEXT,
  "can_snooze": B, "can_skip": B, "snooze_minutes": N, "strict": B}``: the first line;
* ``{"type": "show"}``: map the windows (the service sends it after a second without typing);
* ``{"type": "play", "routine": ID}``: the break started (from anywhere): play the routine;
* ``{"type": "close"}``, or the end of its input: close at once.

To the service:

* ``{"type": "ready", "monitors": N}`` once the windows are made (still hidden);
* ``{"type": "shown", "buttons": {ID: [X, Y]}}`` when they are on screen;
* ``{"type": "answer", "button": "start" | "snooze" | "skip"}``: as a notification's button;
* ``{"type": "dismissed", "how": "esc" | "emergency"}``: closed before the routine started;
* ``{"type": "outcome", "outcome": ..., "counts": B, "since": ISO, "session": ID, "how": ...}``:
  the routine ended; the session is already in the history (source ``"screen"``), and the
  service tells the runner ``break-done`` or ``break-abandoned``, as after the web player;
* ``{"type": "error", "message": TEXT}``: it cannot show the screen (then it exits 1).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tkinter as tk

    from loosen.app import App
    from loosen.core.routine import Timeline
    from loosen.screen.model import Reply, ScreenModel
    from loosen.screen.window import Screen

FRAME_MS = 40  # 25 frames a second while the figure moves


def send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def timeline_for(app: App, name: str) -> Timeline:
    from loosen.core.routine import build_timeline
    from loosen.playable import prepare

    routine, _ = prepare(app, name)
    return build_timeline(routine)


class Child:
    def __init__(self, app: App, opening: dict[str, Any], rest: bytes = b"") -> None:
        import tkinter as tk

        from loosen.screen.model import Prompt, ScreenModel
        from loosen.screen.window import Screen, find_monitors

        self.app = app
        self.clock = app.clock
        self.routine = str(opening.get("routine") or app.settings.breaks.routine)
        self.strict = bool(opening.get("strict", False))
        prompt = Prompt(
            sitting=str(opening.get("sitting", "")),
            can_snooze=bool(opening.get("can_snooze", True)),
            can_skip=bool(opening.get("can_skip", True)),
            snooze_minutes=int(opening.get("snooze_minutes", 5)),
            strict=self.strict,
        )
        now = self.clock.monotonic()
        self.model: ScreenModel = ScreenModel(
            prompt, app.catalog.keyframes, timeline_for(app, self.routine), now
        )
        self.started_wall: datetime | None = None
        if opening.get("phase") == "routine":
            self._play(None)
        self.root: tk.Tk = tk.Tk(className="loosen")
        self.root.withdraw()
        self.screen: Screen = Screen(
            self.root, find_monitors(self.root), self.on_button, self.on_key
        )
        self._buffer = b""
        self._closing = False
        if rest:
            self.root.after_idle(lambda: self._lines(rest))
        self.root.tk.createfilehandler(sys.stdin.fileno(), tk.READABLE, self._readable)
        self.screen.render(self.model.view(now))
        send({"type": "ready", "monitors": len(self.screen.monitors)})
        self.root.after(FRAME_MS, self._frame)

    def run(self) -> int:
        self.root.mainloop()
        return 0

    # -- from the service ----------------------------------------------------------------------
    def _readable(self, fd: int, mask: int) -> None:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            self.close()
            return
        self._lines(chunk)

    def _lines(self, chunk: bytes) -> None:
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self.on_message(message)

    def on_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "show":
            self.screen.show()
            self.screen.render(self.model.view(self.clock.monotonic()))
            send({"type": "shown", "buttons": self.screen.button_boxes()})
        elif kind == "play":
            name = str(message.get("routine") or self.routine)
            if self.model.phase == "prompt" or name != self.routine:
                self._play(name)
        elif kind == "close":
            self.close()

    def _play(self, name: str | None) -> None:
        now = self.clock.monotonic()
        if name is not None and name != self.routine:
            self.routine = name
            self.model.play(timeline_for(self.app, name), now)
        else:
            self.model.play(None, now)
        self.started_wall = self.clock.now()

    # -- from the user -------------------------------------------------------------------------
    def on_button(self, button: str) -> None:
        self.handle(self.model.press(button, self.clock.monotonic()))

    def on_key(self, key: str) -> None:
        self.handle(self.model.key(key, self.clock.monotonic()))

    def handle(self, reply: Reply | None) -> None:
        if reply is None:
            return
        if reply.kind == "answer":
            if reply.value == "start":
                self.started_wall = self.clock.now()
            send({"type": "answer", "button": reply.value})
        elif reply.kind == "dismiss":
            send({"type": "dismissed", "how": reply.value})
            self.close()
        elif reply.kind == "ended":
            outcome, _, how = reply.value.partition(":")
            self._save(outcome, how)
            if how == "emergency":
                self.close()
        elif reply.kind == "close":
            self.close()
        if not self._closing:
            self.screen.render(self.model.view(self.clock.monotonic()))

    def _save(self, outcome: str, how: str) -> None:
        from loosen.core.credit import credit_steps
        from loosen.errors import LoosenError
        from loosen.storage.records import SessionRecord, StepRecord

        now = self.clock.monotonic()
        session = self.model.session
        assert session is not None
        steps = tuple(StepRecord.played(o) for o in self.model.outcomes(now))
        started = self.started_wall or self.clock.now()
        routine = self.model.timeline.routine
        record = SessionRecord(
            routine_id=routine.id,
            routine_name=routine.name,
            started_at=started,
            ended_at=started + timedelta(seconds=max(0.0, now - session.started_at)),
            outcome=outcome,  # type: ignore[arg-type]
            steps=steps,
            source="screen",
        )
        session_id: int | None = None
        try:
            with self.app.history() as h:
                session_id = h.record_session(record)
        except LoosenError as exc:  # a full disk: the break still counts or not
            self.model.verdict = f"{self.model.verdict} ({exc})"
        verdict = credit_steps(steps)
        send(
            {
                "type": "outcome",
                "outcome": outcome,
                "counts": verdict.counts,
                "since": started.isoformat(),
                "session": session_id,
                "done": sum(1 for s in steps if s.status == "done"),
                "steps": len(steps),
                "how": how or "button",
            }
        )

    # -- time passing --------------------------------------------------------------------------
    def _frame(self) -> None:
        if self._closing:
            return
        now = self.clock.monotonic()
        self.handle(self.model.tick(now))
        if self._closing:
            return
        if self.screen.shown:
            self.screen.render(self.model.view(now))
        self.root.after(FRAME_MS if self.model.phase != "finished" else 250, self._frame)

    def close(self) -> None:
        if self._closing:
            return
        if self.model.phase == "routine":  # closed from elsewhere: keep the steps done so far
            self.model.end(self.clock.monotonic(), "quit")
            with contextlib.suppress(OSError, ValueError):  # the service may be gone already
                self._save("quit", "closed")
        self._closing = True
        with contextlib.suppress(Exception):  # closing anyway
            self.root.grab_release()
        self.root.quit()


def first_line(fd: int) -> tuple[bytes, bytes]:
    """The first line of the input and what came after it (read unbuffered: the rest is read
    from the same descriptor later, and a buffered reader would keep some of it)."""
    data = b""
    while b"\n" not in data:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    line, _, rest = data.partition(b"\n")
    return line, rest


def probe() -> int:
    """``--probe``: can Tk open a window on this display, and how many monitors are there?
    (``loosen doctor`` asks; one JSON line, exit status 0 when the screen can be shown.)"""
    try:
        import tkinter as tk

        from loosen.screen.window import find_monitors

        root = tk.Tk()
        root.withdraw()
        found = find_monitors(root)
        version = str(root.tk.call("info", "patchlevel"))
        root.destroy()
    except Exception as exc:  # noqa: BLE001 (the answer is why it cannot)
        send({"ok": False, "problem": f"{type(exc).__name__}: {exc}".strip()})
        return 1
    send(
        {
            "ok": True,
            "tk": version,
            "monitors": [[m.x, m.y, m.width, m.height] for m in found],
        }
    )
    return 0


def main() -> int:
    from loosen.app import App
    from loosen.errors import LoosenError

    if sys.argv[1:] == ["--probe"]:
        return probe()

    line, rest = first_line(sys.stdin.fileno())
    try:
        opening = json.loads(line) if line.strip() else {}
    except ValueError:
        opening = {}
    if not isinstance(opening, dict):
        opening = {}
    try:
        app = App.from_environ(os.environ)
        from loosen.i18n.startup import start

        start(os.environ, settings_file=app.paths.settings_file)  # the user's language
        child = Child(app, opening, rest)
    except LoosenError as exc:
        send({"type": "error", "message": str(exc)})
        return 1
    except Exception as exc:  # noqa: BLE001 (no display, no Tk: the service falls back)
        send({"type": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    try:
        return child.run()
    except BrokenPipeError:  # the service went away
        return 0
