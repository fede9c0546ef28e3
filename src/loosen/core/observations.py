"""What the core is told and what it answers: observations in, actions and a wake-up time out.

Observations are facts with an instant: an idle-time sample, a lock or unlock, a suspend, a
command, the busy blocks of a source, what a presence detector saw (a call, a full-screen window,
media playing, an idle inhibitor), a restore after a restart, a change of settings. Actions are
what the service carries out: notify, withdraw, bout rows, history events, a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from loosen.core.busy import Busy
from loosen.core.policy import BreakPolicy
from loosen.core.text import Say, SayCount, as_is, as_is_count

Mode = Literal["starting", "sitting", "away", "on-break", "locked"]
CommandKind = Literal[
    "snooze",
    "skip",
    "break",
    "break-done",
    "break-abandoned",
    "moved",
    "pause",
    "resume",
    "answer-moved",
]
#: Where busy blocks come from: each source's blocks replace only that source's (a calendar
#: re-read never throws away the call the detector saw).
BusySource = Literal["calendar", "detected"]


# -- observations --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sample:
    """Keyboard/mouse idle time read at ``at``; ``idle=None`` when activity cannot be seen."""

    at: datetime
    idle: timedelta | None


@dataclass(frozen=True, slots=True)
class Locked:
    at: datetime


@dataclass(frozen=True, slots=True)
class Unlocked:
    at: datetime


@dataclass(frozen=True, slots=True)
class Slept:
    """The machine was suspended from ``start`` and resumed at ``at``."""

    at: datetime
    start: datetime


@dataclass(frozen=True, slots=True)
class Command:
    at: datetime
    kind: CommandKind
    until: datetime | None = None  # pause
    since: datetime | None = None  # break-done: when the routine started
    answer: bool | None = None  # answer-moved
    player: str | None = None  # break: where the routine is played when not the break screen


@dataclass(frozen=True, slots=True)
class BusyChanged:
    """The busy blocks ``source`` knows now, replacing that source's last ones only."""

    at: datetime
    blocks: tuple[Busy, ...]
    source: BusySource = "calendar"


#: What a presence detector looks at. ``call``, ``fullscreen`` and ``dnd`` also hold prompts
#: back (nobody wants a break prompt over a call or a presentation); ``media`` and ``inhibitor``
#: only say that the user is there, still: watching, listening, reading.
PresenceSource = Literal["call", "fullscreen", "dnd", "media", "inhibitor"]
BLOCKING_SOURCES: frozenset[str] = frozenset({"call", "fullscreen", "dnd"})


@dataclass(frozen=True, slots=True)
class Presence:
    """What one detector saw at ``at``: ``active`` (a call, media playing...) or not.

    One more adapter (a camera, a phone, a standing-desk sensor) is one more source feeding this.
    """

    at: datetime
    source: PresenceSource
    active: bool
    why: str = ""


@dataclass(frozen=True, slots=True)
class Restore:
    """What the history says after a restart (a crash, a kill -9, a reboot)."""

    at: datetime
    bout_start: datetime | None
    last_active: datetime | None
    skips_today: int = 0
    paused_until: datetime | None = None
    #: a break taken from a prompt was under way (``break-started`` with nothing after it)
    break_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class PolicyChanged:
    """The settings changed while running: use ``policy`` from ``at`` on."""

    at: datetime
    policy: BreakPolicy


@dataclass(frozen=True, slots=True)
class Probed:
    """What every detector saw at one look, taken together (so no prompt slips in between)."""

    at: datetime
    seen: tuple[Presence, ...]


Observation = (
    Sample
    | Locked
    | Unlocked
    | Slept
    | Command
    | BusyChanged
    | Presence
    | Probed
    | Restore
    | PolicyChanged
)


# -- actions -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Notify:
    kind: Literal["heads-up", "break", "reminder", "nudge", "ask-moved", "pre-run"]
    sitting_for: timedelta
    can_snooze: bool = False
    can_skip: bool = False
    gap: tuple[datetime, datetime] | None = None
    before: Busy | None = None  # offered early, before this meeting


@dataclass(frozen=True, slots=True)
class ShowBreakScreen:
    """The break prompt has waited ``escalate_after`` unanswered: show the break screen (the
    desktop shows it only once the user has paused typing; a Withdraw closes it)."""

    sitting_for: timedelta
    can_snooze: bool = False
    can_skip: bool = False


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Close the prompt on screen (the user moved, paused, or answered elsewhere)."""

    reason: str


@dataclass(frozen=True, slots=True)
class BoutStarted:
    at: datetime


@dataclass(frozen=True, slots=True)
class BoutEnded:
    at: datetime
    reason: Literal[
        "away", "lock", "sleep", "break", "routine", "moved", "reported", "stopped", "walking"
    ]


@dataclass(frozen=True, slots=True)
class Record:
    """An event for the history (prompts and what became of them, natural breaks, pauses)."""

    kind: str
    at: datetime
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Refuse:
    """A command that cannot be done now, and why (in English; ``said(_, ngettext)``
    translates it)."""

    message: str
    msgid: str = field(default="", compare=False)
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)
    #: a message about a count: its English plural, and the count that chooses the form
    plural: str = field(default="", compare=False)
    count: int = field(default=0, compare=False)

    def said(self, say: Say = as_is, say_count: SayCount = as_is_count) -> str:
        if not self.msgid:
            return say(self.message)
        if self.plural:
            return say_count(self.msgid, self.plural, self.count) % dict(self.params)
        return say(self.msgid) % dict(self.params)


def refuse(msgid: str, **params: object) -> Refuse:
    """A refusal whose message is marked for translation (``N_``) with named placeholders."""
    return Refuse(msgid % params if params else msgid, msgid, tuple(params.items()))


def refuse_count(forms: tuple[str, str], n: int, **params: object) -> Refuse:
    """A refusal about ``n`` of something, its forms marked with ``NN_``; ``n`` fills
    ``%(n)s``."""
    said = {"n": n, **params}
    english = as_is_count(*forms, n) % said
    return Refuse(english, forms[0], tuple(said.items()), plural=forms[1], count=n)


Action = Notify | ShowBreakScreen | Withdraw | BoutStarted | BoutEnded | Record | Refuse


@dataclass(frozen=True, slots=True)
class Decision:
    actions: tuple[Action, ...]
    next_check: datetime
    #: ask the presence detectors before the next sample: it may decide "away" or a prompt
    probe: bool = False
    #: for an idle source that can watch (issue 12): sample when the input idle time reaches
    #: ``idle_at``, or when input comes back (``on_input``); else wake at ``timer``, which leaves
    #: out the instants ``next_check`` has only for those (None: ``next_check``)
    idle_at: timedelta | None = None
    on_input: bool = False
    timer: datetime | None = None


@dataclass(frozen=True, slots=True)
class Status:
    mode: Mode
    bout_start: datetime | None
    sitting_for: timedelta
    next_break: datetime | None
    prompt_open: bool
    paused_until: datetime | None
    snoozes_left: int
    skips_left: int
    activity_visible: bool | None
    in_hours: bool
