"""Fourteen labelled synthetic workdays at 1-second ground truth, for ``bench/workdays.py``.

Each :class:`Plan` says, for every second of one simulated day (07:00 to 19:30 UTC), what the
user really does (a label), whether they are at their desk, and whether the keyboard or mouse is
in use; and what the desktop would report besides (calendar blocks, microphone, full screen,
media, screen lock, suspend). :func:`to_day` turns it into a :class:`loosen.simulation.Day`.

The plan is what the user *means* to do: a break they take when prompted overrides it for those
minutes (``workdays.py`` lays the breaks over the labels). Days are built from seeded random
durations, so every run gives the same fourteen days.

This module imports nothing from loosen at import time: the ``--before`` run loads it against
the code of commit 8084ace, whose ``Busy`` has no ``interruptible``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# -- labels: what the user really does --------------------------------------------------------
TYPING = 0  # at the desk, typing or using the mouse
READING = 1  # at the desk, still: reading, thinking (a scroll now and then)
REMOTE = 2  # a calendar meeting, remote: at the desk, sitting, microphone in use
ROOM = 3  # a calendar meeting in person: left the desk, sitting in a meeting room
OVERRUN = 4  # a meeting going on past its calendar end (remote or in a room), sitting
CALL = 5  # an unscheduled call: microphone in use, little typing
VIDEO = 6  # full-screen video, no input
MEDIA = 7  # media playing (MPRIS "Playing"), no input: a lecture, a podcast
WORKSHOP = 8  # the 90-minute workshop (calendar), sitting
FOCUS = 9  # typing inside a "Focus time" calendar block (interruptible)
WALK = 10  # a coffee walk of 2 to 4 minutes: moving, screen not locked
LUNCH = 11  # lunch away from the desk, screen locked
SUSPEND = 12  # the laptop is suspended: the commuter is on the way (walking, cycling)
OFF = 13  # off hours: not at the computer
BREAK = 14  # a break the user took when prompted (laid over the plan afterwards)
STROLL = 15  # a walk of 6 to 12 minutes (a chat at a colleague's desk): screen not locked

NAMES = (
    "typing",
    "still reading",
    "remote meeting",
    "in-room meeting",
    "meeting overrun",
    "unscheduled call",
    "full-screen video",
    "media playing",
    "workshop",
    "focus block",
    "coffee walk",
    "lunch (locked)",
    "suspended",
    "off hours",
    "prompted break",
    "6-12 min walk (unlocked)",
)
SITTING = frozenset({TYPING, READING, REMOTE, ROOM, OVERRUN, CALL, VIDEO, MEDIA, WORKSHOP, FOCUS})
#: where no prompt should come: a meeting (calendar or overrun), a call, full screen
BLOCKING = frozenset({REMOTE, ROOM, OVERRUN, CALL, VIDEO, WORKSHOP})
#: stillness that evidence explains (meetings, calls, media, full screen)
EXPLAINED = frozenset({REMOTE, ROOM, OVERRUN, CALL, VIDEO, MEDIA, WORKSHOP})

CHUNK = 30  # seconds: see to_day
Span = tuple[datetime, datetime]


@dataclass
class Plan:
    name: str
    kind: str
    start: datetime
    labels: bytearray
    desk: bytearray  # 1: at the desk
    inp: bytearray  # 1: keyboard or mouse in use this second
    calendar: list[tuple[int, int, str, bool]] = field(default_factory=list)  # seconds
    call: list[tuple[int, int]] = field(default_factory=list)
    fullscreen: list[tuple[int, int]] = field(default_factory=list)
    media: list[tuple[int, int]] = field(default_factory=list)
    locked: list[tuple[int, int]] = field(default_factory=list)
    suspended: list[tuple[int, int]] = field(default_factory=list)
    work: tuple[int, int] = (0, 0)  # the planned working hours (first to last desk second)

    @property
    def n(self) -> int:
        return len(self.labels)

    def at(self, i: int) -> datetime:
        return self.start + timedelta(seconds=i)

    def index(self, t: datetime) -> int:
        return int((t - self.start).total_seconds())

    @property
    def end(self) -> datetime:
        return self.at(self.n)


def runs(flags: bytearray | list[int], value: int = 1) -> list[tuple[int, int]]:
    """[start, end) runs of seconds where ``flags`` equals ``value``."""
    out = []
    start = None
    for i, f in enumerate(flags):
        if f == value and start is None:
            start = i
        elif f != value and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    return out


class _Builder:
    """Lays segments one after the other from 07:00; each method takes minutes."""

    def __init__(self, name: str, kind: str, date: datetime, seed: int) -> None:
        self.rng = random.Random(seed)
        self.start = date.replace(hour=7, minute=0)
        n = int((date.replace(hour=19, minute=30) - self.start).total_seconds())
        self.p = Plan(name, kind, self.start, bytearray([OFF]) * n, bytearray(n), bytearray(n))
        self.t = 0

    # helpers
    def r(self, lo: float, hi: float) -> float:
        return self.rng.uniform(lo, hi)

    def _fill(self, label: int, secs: int, desk: bool) -> tuple[int, int]:
        a, b = self.t, min(self.t + secs, self.p.n)
        self.p.labels[a:b] = bytes([label]) * (b - a)
        self.p.desk[a:b] = bytes([1 if desk else 0]) * (b - a)
        self.t = b
        return a, b

    def _input(self, a: int, b: int, burst: Callable[[], float], gap: Callable[[], float]) -> None:
        t = a
        while t < b:
            e = min(b, t + max(1, int(burst())))
            self.p.inp[t:e] = b"\x01" * (e - t)
            t = e + max(1, int(gap()))

    def _typing_input(self, a: int, b: int) -> None:
        def gap() -> float:
            x = self.rng.random()
            return self.r(100, 170) if x < 0.06 else self.r(5, 90)

        self._input(a, b, lambda: self.r(60, 480), gap)

    def _reading_input(self, a: int, b: int, long_share: float = 0.06) -> None:
        def gap() -> float:
            x = self.rng.random()
            if x < long_share:
                return self.r(300, 540)  # a long still read: over 5 min without input
            if x < long_share + 0.2:
                return self.r(120, 290)
            return self.r(30, 120)

        self._input(a, b, lambda: 5, gap)

    def _notes_input(self, a: int, b: int) -> None:  # a few words typed in a meeting or call
        self._input(a + int(self.r(60, 400)), b, lambda: self.r(5, 20), lambda: self.r(180, 720))

    def m(self, minutes: float) -> int:
        return int(minutes * 60)

    # segments
    def off_until(self, hhmm: str, jitter: float = 0) -> None:
        h, mi = (int(x) for x in hhmm.split(":"))
        target = self.m(h * 60 + mi - 7 * 60 + self.r(-jitter, jitter))
        if target > self.t:
            self._fill(OFF, target - self.t, False)

    def typing(self, lo: float, hi: float | None = None) -> None:
        a, b = self._fill(TYPING, self.m(self.r(lo, hi or lo)), True)
        self._typing_input(a, b)

    def reading(self, lo: float, hi: float | None = None, long_share: float = 0.06) -> None:
        a, b = self._fill(READING, self.m(self.r(lo, hi or lo)), True)
        self._reading_input(a, b, long_share)

    def walk(self) -> None:
        self._fill(WALK, self.m(self.r(2, 4)), False)

    def stroll(self) -> None:
        """A real walk long enough to be a break, without locking the screen."""
        self._fill(STROLL, self.m(self.r(6, 12)), False)

    def lunch(self, lo: float = 35, hi: float = 60) -> None:
        a, b = self._fill(LUNCH, self.m(self.r(lo, hi)), False)
        self.p.locked.append((a + 3, b))

    def suspend(self, lo: float, hi: float) -> None:
        a, b = self._fill(SUSPEND, self.m(self.r(lo, hi)), False)
        self.p.locked.append((a, b + 10))  # locks as it suspends, unlocked 10 s after resuming
        self.p.suspended.append((a + 1, b))

    def meeting(
        self,
        minutes: float,
        title: str = "Meeting",
        *,
        room: bool = False,
        overrun: float = 0,
        lock: bool = False,
        label: int | None = None,
        typing: bool = False,
    ) -> None:
        secs = self.m(minutes)
        lab = label if label is not None else (ROOM if room else REMOTE)
        a, b = self._fill(lab, secs, not room)
        self.p.calendar.append((a, b, title, False))
        ob = b
        if overrun:
            _, ob = self._fill(OVERRUN, self.m(overrun), not room)
        if room:
            if lock:
                self.p.locked.append((a + 20, ob))
        else:
            self.p.call.append((a, ob))  # a remote meeting is a call: the microphone is in use
            if typing:
                self._typing_input(a, ob)
            else:
                self._notes_input(a, ob)

    def b2b(self, count: int, *, room_at: int = -1) -> None:
        """Back-to-back meetings of 25, 30 or 55 minutes."""
        for k in range(count):
            self.meeting(self.rng.choice((25, 30, 30, 55)), f"Meeting {k + 1}", room=k == room_at)

    def call(self, lo: float, hi: float) -> None:
        a, b = self._fill(CALL, self.m(self.r(lo, hi)), True)
        self.p.call.append((a, b))
        self._notes_input(a, b)

    def video(self, lo: float, hi: float) -> None:
        a, b = self._fill(VIDEO, self.m(self.r(lo, hi)), True)
        self.p.fullscreen.append((a, b))

    def media(self, lo: float, hi: float) -> None:
        a, b = self._fill(MEDIA, self.m(self.r(lo, hi)), True)
        self.p.media.append((a, b))

    def workshop(self, *, room: bool) -> None:
        self.meeting(90, "Workshop", room=room, label=WORKSHOP, typing=not room)

    def focus(self, lo: float, hi: float | None = None) -> None:
        a, b = self._fill(FOCUS, self.m(self.r(lo, hi or lo)), True)
        self.p.calendar.append((a, b, "Focus time", True))
        self._typing_input(a, b)

    def done(self) -> Plan:
        if self.t < self.p.n:
            self._fill(OFF, self.p.n - self.t, False)
        desk = runs(self.p.desk)
        self.p.work = (desk[0][0], desk[-1][1]) if desk else (0, 0)
        for a, b in runs(self.p.labels, ROOM):
            self.p.work = (min(self.p.work[0], a), max(self.p.work[1], b))
        return self.p


# -- the day types -----------------------------------------------------------------------------
def coder(b: _Builder) -> None:
    b.off_until("08:30", 15)
    b.typing(45, 70)
    b.meeting(15, "Stand-up")
    b.typing(60, 100)
    b.walk()
    b.typing(30, 60)
    b.lunch()
    b.typing(60, 90)
    b.reading(20, 30)
    b.stroll()
    b.typing(60, 90)
    b.call(15, 25)
    b.typing(30, 60)


def manager(b: _Builder) -> None:
    b.off_until("08:15", 10)
    b.typing(20, 30)
    b.b2b(3)
    b.typing(8, 12)
    b.meeting(60, "1:1s", room=True, lock=b.rng.random() < 0.5)
    b.stroll()
    b.lunch(30, 45)
    b.b2b(4, room_at=2)
    b.reading(15, 25)
    b.meeting(30, "Review", overrun=b.r(5, 10))
    b.typing(25, 40)


def reader(b: _Builder) -> None:
    b.off_until("09:00", 15)
    b.reading(90, 120)
    b.walk()
    b.reading(60, 90)
    b.lunch()
    b.reading(100, 130)
    b.media(15, 25)
    b.reading(50, 70)


def commuter(b: _Builder) -> None:
    b.off_until("07:30", 10)
    b.typing(35, 50)  # at home
    b.suspend(40, 60)  # on the way
    b.typing(60, 90)
    b.meeting(30, "Sync", room=True, lock=True)
    b.typing(50, 70)
    b.lunch(35, 50)
    b.typing(35, 45)
    b.stroll()
    b.typing(40, 55)
    b.suspend(45, 60)  # on the way home
    b.typing(30, 45)


def workshop_day(b: _Builder) -> None:
    b.off_until("08:45", 10)
    b.typing(55, 65)
    b.workshop(room=b.rng.random() < 0.5)
    b.walk()
    b.typing(40, 50)
    b.lunch()
    b.typing(50, 60)
    b.stroll()
    b.typing(40, 50)
    b.meeting(30, "Retro")
    b.typing(35, 50)


def remote_calls(b: _Builder) -> None:
    b.off_until("08:40", 10)
    b.typing(35, 45)
    b.call(30, 40)
    b.typing(25, 35)
    b.meeting(60, "Customer call")
    b.call(15, 25)
    b.typing(45, 55)
    b.lunch()
    b.call(40, 50)
    b.typing(35, 45)
    b.call(20, 30)
    b.typing(25, 35)


def video_media(b: _Builder) -> None:
    b.off_until("08:50", 10)
    b.typing(45, 55)
    b.video(40, 50)
    b.typing(25, 35)
    b.media(35, 45)
    b.walk()
    b.typing(20, 30)
    b.lunch()
    b.typing(50, 65)
    b.video(55, 65)
    b.media(25, 35)
    b.typing(25, 35)


def focus_day(b: _Builder) -> None:
    b.off_until("08:30", 10)
    b.typing(25, 35)
    b.focus(180)
    b.lunch()
    b.focus(120)
    b.meeting(30, "Team sync")
    b.typing(35, 45)


def mixed(b: _Builder) -> None:
    b.off_until("08:40", 15)
    b.typing(30, 50)
    b.reading(20, 30)
    b.meeting(30, "Planning")
    b.call(10, 20)
    b.media(20, 30)
    b.walk()
    b.typing(30, 45)
    b.lunch()
    b.typing(5, 10)  # back at the desk (unlocks), then off to the meeting room
    b.meeting(45, "Design review", room=True, overrun=b.r(10, 15))
    b.typing(40, 60)
    b.stroll()
    b.video(25, 35)
    b.typing(30, 45)


def overrun_day(b: _Builder) -> None:
    b.off_until("08:30", 10)
    b.typing(45, 55)
    b.meeting(50, "Architecture", overrun=b.r(10, 20))
    b.typing(25, 35)
    b.meeting(60, "Quarterly", room=True, overrun=b.r(10, 15))
    b.typing(35, 45)
    b.lunch()
    b.meeting(30, "Meeting A", overrun=b.r(5, 10))
    b.meeting(30, "Meeting B")
    b.typing(50, 65)
    b.meeting(30, "Wrap-up", overrun=b.r(10, 15))
    b.typing(25, 35)


KINDS: dict[str, Callable[[_Builder], None]] = {
    "coder": coder,
    "manager": manager,
    "reader": reader,
    "commuter": commuter,
    "workshop": workshop_day,
    "remote-calls": remote_calls,
    "video-media": video_media,
    "focus": focus_day,
    "mixed": mixed,
    "overrun": overrun_day,
}
#: the fourteen days: every kind once, four of them twice (another seed)
DAYS = (
    *KINDS,
    "coder",
    "manager",
    "reader",
    "mixed",
)


def days() -> list[Plan]:
    out = []
    monday = datetime(2026, 12, 7, tzinfo=UTC)
    for k, kind in enumerate(DAYS):
        date = monday + timedelta(days=k)
        b = _Builder(f"{k + 1:02d} {kind}", kind, date, seed=9000 + k)
        KINDS[kind](b)
        out.append(b.done())
    return out


def to_day(plan: Plan, sim: Any) -> Any:
    """What the desktop reports over ``plan``: a ``Day`` of ``sim`` (a loosen.simulation module,
    of this tree or loaded over an older loosen)."""
    from loosen.core.busy import Busy

    takes_flag = "interruptible" in getattr(Busy, "__dataclass_fields__", {})

    def spans(xs: list[tuple[int, int]]) -> list[Span]:
        return [(plan.at(a), plan.at(b)) for a, b in xs]

    cal = []
    for a, b, title, interruptible in plan.calendar:
        kw = {"interruptible": interruptible} if takes_flag else {}
        cal.append(Busy(plan.at(a), plan.at(b), "meeting", title, **kw))
    # Input in pieces of at most 30 s: the simulator cuts an input span that contains a walk
    # away at the walk's start for every later instant (the user would never type again in
    # that span after a break); with short pieces only the piece the user comes back in is
    # lost, and the simulator's "back at the keyboard" touch covers its start.
    pieces = [(t, min(b, t + CHUNK)) for a, b in runs(plan.inp) for t in range(a, b, CHUNK)]
    return sim.Day(
        plan.start,
        plan.end,
        input=spans(pieces),
        locked=spans(plan.locked),
        suspended=spans(plan.suspended),
        calendar=cal,
        call=spans(plan.call),
        fullscreen=spans(plan.fullscreen),
        media=spans(plan.media),
    )
