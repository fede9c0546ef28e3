"""A day simulator: the real Runner and Coach, driven through a day of what a desktop reports.

Give it a :class:`Day` (what the desktop would report: input, locks, suspends, calendar blocks,
calls, full-screen windows, media, idle inhibitors) and a ``user`` callback that answers each
prompt, and :func:`simulate_day` runs the service's real :class:`~loosen.service.runner.Runner`
and :class:`~loosen.core.coach.Coach` on a fake clock with fake adapters and a real SQLite
history in a temporary folder. It returns every notification, history event and bout with its
instant, and how many times the service woke up. A day of 24 hours runs in well under a second.

    from loosen.simulation import Day, TakeBreak, simulate_day, span

    day = Day.of("2026-12-07 09:00", "17:00",
                 input=[span("09:00", "12:00"), span("13:00", "17:00")],
                 locked=[span("12:00", "13:00")],
                 calendar=[meeting("10:30", "11:30", "Planning")])
    result = simulate_day(day, user=lambda note: TakeBreak(minutes=5) if note.kind == "break"
                          else None)
    assert not result.prompts_inside(day.calendar)

Stable: the names exported here are kept, like httpx's ``MockTransport`` (``docs/testing.md``).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from loosen.core.busy import Busy
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.ports import ButtonId, NotificationKind
from loosen.simulated_desktop import SimClock, SimIdle, Span, WatchingIdle, World


def _at(base: datetime, text: str) -> datetime:
    h, m = (int(x) for x in text.split(":")[:2])
    sec = int(text.split(":")[2]) if text.count(":") == 2 else 0
    return base.replace(hour=h, minute=m, second=sec, microsecond=0)


_DAY = datetime(2026, 12, 7, tzinfo=UTC)


def span(start: str, end: str, day: datetime = _DAY) -> Span:
    """A span of a day from "HH:MM" to "HH:MM" (UTC, on 2026-12-07 unless ``day`` is given)."""
    return _at(day, start), _at(day, end)


def meeting(start: str, end: str, title: str = "Meeting", day: datetime = _DAY, **kw: Any) -> Busy:
    a, b = span(start, end, day)
    return Busy(a, b, "meeting", title, **kw)


@dataclass(frozen=True)
class Day:
    """What the desktop reports over one stretch of time (every span is [start, end))."""

    start: datetime
    end: datetime
    input: Sequence[Span] = ()  # keyboard or mouse in use (continuously) during these
    locked: Sequence[Span] = ()
    suspended: Sequence[Span] = ()
    calendar: Sequence[Busy] = ()
    call: Sequence[Span] = ()  # microphone or camera in use
    fullscreen: Sequence[Span] = ()
    media: Sequence[Span] = ()  # MPRIS "Playing"
    inhibitor: Sequence[Span] = ()
    dnd: Sequence[Span] = ()
    visible: bool = True  # False: no idle source (a plain timer)

    @classmethod
    def of(cls, start: str, end: str, **kw: Any) -> Day:
        """``start`` as "YYYY-MM-DD HH:MM", ``end`` as "HH:MM" the same day."""
        s = datetime.fromisoformat(start).replace(tzinfo=UTC)
        return cls(s, _at(s, end), **kw)


# -- the user's answers ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TakeBreak:
    """Press "Start routine", move for ``minutes`` (no input), then finish the routine."""

    minutes: float = 5.0
    routine_done: bool = True  # False: quit the routine after ``minutes``


@dataclass(frozen=True)
class WalkAway:
    """Say nothing; get up and leave the desk for ``minutes``."""

    minutes: float = 5.0


@dataclass(frozen=True)
class Press:
    """Press a button of the notification: "snooze", "skip", "yes" or "no"."""

    button: ButtonId


@dataclass(frozen=True)
class Moved:
    """Say "I just moved" (`loosen moved`)."""


Answer = TakeBreak | WalkAway | Press | Moved | None


@dataclass(frozen=True)
class Note:
    """A notification as the user saw it."""

    at: datetime
    kind: NotificationKind
    title: str
    body: str
    buttons: tuple[ButtonId, ...]


@dataclass
class Result:
    notes: list[Note] = field(default_factory=list)
    events: list[tuple[datetime, str, dict[str, Any]]] = field(default_factory=list)
    bouts: list[tuple[datetime, datetime | None, str | None]] = field(default_factory=list)
    wakeups: int = 0
    wake_times: list[datetime] = field(default_factory=list)
    probes: int = 0
    away: list[Span] = field(default_factory=list)  # when the scripted user left the desk
    screens: list[datetime] = field(default_factory=list)  # when the break screen was asked for

    def kinds(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]

    @property
    def prompts(self) -> list[Note]:
        return self.kinds("break")

    def events_of(self, kind: str) -> list[tuple[datetime, dict[str, Any]]]:
        return [(at, data) for at, k, data in self.events if k == kind]

    def prompts_inside(self, spans: Sequence[Span | Busy]) -> list[Note]:
        out = []
        for n in self.notes:
            if n.kind not in ("break", "reminder", "heads-up", "ask-moved", "nudge"):
                continue
            for s in spans:
                a, b = (s.start, s.end) if isinstance(s, Busy) else s
                if a <= n.at < b:
                    out.append(n)
                    break
        return out


# -- fakes ----------------------------------------------------------------------------------------
class _Notifier:
    name = "simulated"

    def __init__(self, on_show: Callable[[Note, Callable[[ButtonId], Any]], None]) -> None:
        self.on_show = on_show
        self.open: Note | None = None

    async def show(
        self,
        kind: NotificationKind,
        title: str,
        body: str,
        buttons: list[tuple[ButtonId, str]],
        on_button: Callable[[ButtonId], Any],
    ) -> None:
        # the instant is the simulation's: set by on_show
        self.on_show(Note(_DAY, kind, title, body, tuple(b for b, _ in buttons)), on_button)

    async def withdraw(self) -> None:
        self.open = None

    async def close(self) -> None:
        return None


# -- the simulation -------------------------------------------------------------------------------
def simulate_day(
    day: Day,
    user: Callable[[Note], Answer] = lambda note: None,
    *,
    policy: BreakPolicy | None = None,
    reaction: timedelta = timedelta(seconds=20),
    history: Path | None = None,
    watching: bool = False,
) -> Result:
    """Run the real service loop over ``day``; ``user`` answers each notification after
    ``reaction``. Returns what the user saw and what the history holds.

    ``watching``: the idle source watches (XSync alarms, Mutter's watches, Wayland idle
    notifications) instead of being read on a timer, so the service sleeps until its timer or
    the alarm it asked for."""
    return asyncio.run(_simulate(day, user, policy or BreakPolicy(), reaction, history, watching))


async def _simulate(
    day: Day,
    user: Callable[[Note], Answer],
    policy: BreakPolicy,
    reaction: timedelta,
    history_path: Path | None,
    watching: bool = False,
) -> Result:
    from loosen.service.runner import Runner
    from loosen.storage.activity import ActivityLog
    from loosen.storage.history import History

    world = World(day)
    idle = WatchingIdle(world) if watching else SimIdle(world)
    result = Result()
    todo: list[tuple[datetime, int, Callable[[], Any]]] = []
    seq = [0]

    def later(at: datetime, fn: Callable[[], Any]) -> None:
        seq[0] += 1
        todo.append((at, seq[0], fn))

    def on_show(note: Note, press: Callable[[ButtonId], Any]) -> None:
        note = Note(world.now, note.kind, note.title, note.body, note.buttons)
        result.notes.append(note)
        answer = user(note)
        if answer is None:
            return
        at = world.now + reaction
        if isinstance(answer, Press):
            later(at, lambda: press(answer.button))
        elif isinstance(answer, Moved):
            later(at, lambda: runner.command("moved", {}))
        elif isinstance(answer, WalkAway):
            end = at + timedelta(minutes=answer.minutes)
            later(at, lambda: world.away.append((at, end)))
        elif isinstance(answer, TakeBreak):
            end = at + timedelta(minutes=answer.minutes)

            async def start() -> None:
                world.away.append((at, end))
                await runner.command("break", {})

            async def finish() -> None:
                kind = "break-done" if answer.routine_done else "break-abandoned"
                body = {"since": at.isoformat()} if answer.routine_done else {}
                await runner.command(kind, body)

            later(at, start)
            later(end, finish)

    notifier = _Notifier(on_show)
    tmp = None
    if history_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="loosen-sim-")
        history_path = Path(tmp.name) / "history.sqlite3"
    history = History(history_path)

    async def calendars(now: datetime) -> tuple[tuple[Busy, ...], list[str]]:
        return tuple(day.calendar), []

    def detector(spans: Sequence[Span], why: str) -> Callable[[], Any]:
        async def detect() -> str:
            return why if world.active(spans, world.now) else ""

        return detect

    detectors = {
        "call": detector(day.call, "microphone in use"),
        "fullscreen": detector(day.fullscreen, "a full-screen window"),
        "dnd": detector(day.dnd, "do not disturb"),
        "media": detector(day.media, "media playing"),
        "inhibitor": detector(day.inhibitor, "an idle inhibitor"),
    }
    runner = Runner(
        Coach(policy, lambda d: d),
        ActivityLog(history),
        idle,
        notifier,
        SimClock(world),  # type: ignore[arg-type]
        localize=lambda d: d,
        calendars=calendars if day.calendar else None,
        detectors={k: v for k, v in detectors.items() if k != "inhibitor" or day.inhibitor},
    )
    # by name, and only where there is such a hook: bench/workdays.py runs an older service too
    getattr(runner, "on_action", []).append(
        lambda a: (
            result.screens.append(world.now) if type(a).__name__ == "ShowBreakScreen" else None
        )
    )
    edges: list[tuple[datetime, str]] = []
    for a, b in day.locked:
        edges += [(a, "lock"), (b, "unlock")]
    for a, _b in day.suspended:
        edges.append((a, "suspend"))
    edges.sort()
    suspends = dict(day.suspended)
    try:
        runner.restore()
        await runner.tick()
        while world.now < day.end:
            nxt = runner.next_check
            fire_at = None
            if isinstance(idle, WatchingIdle) and await runner._arm_watch():
                nxt = runner.timer  # the idle source wakes the service for the rest
                fire_at = idle.fires_at()
                if fire_at is not None:
                    nxt = min(nxt, fire_at)
            if runner.next_refresh is not None:
                nxt = min(nxt, runner.next_refresh)
            pending_edges = [e for e in edges if e[0] > world.now]
            if pending_edges:
                nxt = min(nxt, pending_edges[0][0])
            if todo:
                nxt = min(nxt, min(t for t, _, _ in todo))
            nxt = max(nxt, world.now)
            if nxt >= day.end:
                break
            world.now = nxt
            for at, kind in [e for e in pending_edges if e[0] == nxt]:
                if kind == "lock":
                    runner.on_lock(True)
                elif kind == "unlock":
                    runner.on_lock(False)
                else:  # a suspend: nothing runs until the resume
                    world.slept = (at, suspends[at])
                    world.now = suspends[at]
            todo.sort()
            while todo and todo[0][0] <= world.now:
                _, _, fn = todo.pop(0)
                out = fn()
                if asyncio.iscoroutine(out):
                    await out
            alarm = idle.fire if isinstance(idle, WatchingIdle) else None
            if fire_at is not None and world.now >= fire_at and alarm is not None:
                alarm()
            result.wake_times.append(world.now)
            await runner.tick()
        result.wakeups = runner.wakeups
        result.probes = getattr(runner, "probes", 0)
        result.away = list(world.away)
        act = ActivityLog(history)
        result.events = [
            (e.at, e.kind, dict(e.data))
            for e in act.events_between(day.start - timedelta(days=1), day.end + timedelta(days=1))
        ]
        result.bouts = [
            (b.started_at, b.ended_at, b.end_reason)
            for b in act.bouts_between(day.start - timedelta(days=1), day.end + timedelta(days=1))
        ]
    finally:
        history.close()
        if tmp is not None:
            tmp.cleanup()
    return result
