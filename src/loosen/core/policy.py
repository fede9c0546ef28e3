"""The break policy: how long a bout may run, how prompts behave, when they may come.

Defaults are argued from domain.md §1.7 and peers.md (b):

* a full movement break after **60 min** of sitting (45–120 allowed), heads-up 60 s before;
* an optional stand-up nudge every **30 min** (off by default; the trials favour 20–30 min);
* a lock or a suspend of **5 min** means you got up (peers: Stretchly resets after 5 min of idle,
  Workrave counts idle >= break length as a natural break): the bout ended when it began;
* input idle with the screen unlocked and nothing else saying you are there is weaker evidence:
  a still read, a phone call at the desk or a think look the same as an empty chair. On 14
  labelled workdays (bench/workdays.py) crediting 5 min of such quiet as a break lost 141 min of
  reading and let readers sit up to 166 min unprompted. So a quiet counts as a break by itself
  only after **15 min** (``quiet_away``: a real walk that long has been a break whatever it was);
  gaps of **2 to 15 min** are doubtful: they are asked about ("did you get up?") or, when the
  break comes due at that moment, the prompt itself asks ("unless you just did": one
  notification, not two); never credited silently. While such a quiet lasts 5 min or more no
  prompt goes to what may be an empty desk: it comes at the first sign of the user;
* snooze 5 min, at most 2 per prompt; 3 skips a day; an unanswered prompt is repeated after 10 min;
* a screen lock or a suspend of 5 min or more is a break too.

The evidence rules (issue 9):

* **a stretch without input is a break only when nothing says the user is still there**: a
  calendar meeting in progress, a call, a full-screen window, media playing or an idle inhibitor
  held keep the bout going; a lock or a suspend is strong evidence of absence and wins;
* a break moved by a meeting or a call waits at most ``defer_ceiling`` (**30 min**) past due in a
  block marked interruptible ("Focus time", do-not-disturb), and comes before that at the first
  pause in typing of ``lull`` (**30 s**); a real meeting or call is never interrupted, and the
  break comes right after it;
* "did you get up?" is asked at most ``max_questions`` (**3**) times a day, at least
  ``question_spacing`` (**45 min**) apart, never about a gap a meeting, call or detector explains,
  never twice about the same gap: a quiet reader would otherwise be asked every few minutes
  (51 questions in 14 simulated days before this rule), and an unanswered or "no" question costs
  nothing (the bout simply goes on, so the break still comes on time);
* a calendar meeting may run over its end: the quiet after it counts as a break only after
  ``away_after`` plus ``meeting_overrun`` (10 min), and a break moved past it waits for the first
  sign of the user at the desk rather than popping up on an empty desk;
* an unanswered prompt escalates once to the break screen after ``escalate_after`` (**2 min**;
  Sane Break's two phases): a notification is easy to miss, a screen is not, and two minutes
  give the user time to finish a sentence first;
* an unanswered prompt is repeated every ``repeat`` (10 min) at most ``max_reminders`` (**3**)
  times: after half an hour of "Still sitting" more of them are noise;
* the service never wakes more often than every ``min_sleep`` (**30 s**) to poll: it samples the
  idle time when a threshold can be crossed, waits for a meeting or a call to end at its end, and
  re-checks a detected call every ``presence_recheck`` (2 min).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Local times between which prompts may come, on the given days (``None``: always)."""

    start: time = time(0, 0)
    end: time = time(23, 59, 59)
    days: tuple[str, ...] = DAYS
    enabled: bool = False

    def contains(self, local: datetime) -> bool:
        if not self.enabled:
            return True
        return DAYS[local.weekday()] in self.days and self.start <= local.time() < self.end

    def next_start(self, local: datetime) -> datetime:
        """The next local instant at or after ``local`` inside the hours."""
        if self.contains(local):
            return local
        for add in range(0, 8):
            day = (local + timedelta(days=add)).date()
            if DAYS[day.weekday()] not in self.days:
                continue
            start = datetime.combine(day, self.start, tzinfo=local.tzinfo)
            if start >= local:
                return start
        return local  # no day enabled: treat as always (validated away in settings)


@dataclass(frozen=True, slots=True)
class BreakPolicy:
    interval: timedelta = timedelta(minutes=60)
    heads_up: timedelta = timedelta(seconds=60)
    break_length: timedelta = timedelta(minutes=5)
    snooze: timedelta = timedelta(minutes=5)
    max_snoozes: int = 2
    skips_per_day: int = 3
    repeat: timedelta = timedelta(minutes=10)
    nudge: timedelta | None = None  # e.g. 30 min; None = off
    away_after: timedelta = timedelta(minutes=5)
    ask_after: timedelta = timedelta(minutes=3)
    #: With the screen unlocked and nothing at all saying the user is there, a quiet counts as a
    #: break only after this long: a still read, a phone call at the desk or a think look the
    #: same as an empty chair for 5-10 minutes (see the module docstring).
    quiet_away: timedelta = timedelta(minutes=15)
    #: In an interruptible block ("Focus time", do-not-disturb), a break past due comes at the
    #: first pause in typing this long, the end of a thought, rather than waiting for the ceiling.
    lull: timedelta = timedelta(seconds=30)
    hours: WorkingHours = field(default_factory=WorkingHours)
    #: While the user is away, how often to look whether they are back: often at first (a short
    #: break ends soon), then less (a lunch or a night away costs a wake-up every 30 s).
    away_poll: timedelta = timedelta(seconds=30)
    away_poll_later: timedelta = timedelta(seconds=60)
    away_poll_after: timedelta = timedelta(minutes=15)
    #: The shortest sleep between two polls (a one-off instant such as a prompt may come sooner).
    min_sleep: timedelta = timedelta(seconds=30)
    #: How long a break may wait past due in an interruptible block (None: without limit).
    defer_ceiling: timedelta | None = timedelta(minutes=30)
    #: "Did you get up?" questions: how many a day, and how far apart.
    max_questions: int = 3
    question_spacing: timedelta = timedelta(minutes=45)
    #: "Still sitting" reminders after an unanswered prompt.
    max_reminders: int = 3
    #: Meetings run over: after a calendar meeting with no sign of the user since its end, the
    #: quiet must last this much longer than ``away_after`` before it counts as a break.
    meeting_overrun: timedelta = timedelta(minutes=10)
    #: No "did you get up?" about a gap this soon after a bout began (the user just came back).
    question_after_return: timedelta = timedelta(minutes=10)
    #: Input within this long of a resume from suspend is not taken as the user (dark wakes).
    resume_grace: timedelta = timedelta(seconds=5)
    #: A detected call or full-screen window is looked at again this often while it lasts.
    presence_recheck: timedelta = timedelta(minutes=2)
    #: The longest the service sleeps between two observations.
    max_sleep: timedelta = timedelta(minutes=15)
    #: A routine started from a prompt counts as the break for at most this long.
    break_timeout: timedelta = timedelta(minutes=20)
    #: Around meetings: the shortest gap worth standing up in, and how much earlier than due a
    #: break may be offered so that it comes before a meeting instead of after it.
    min_gap: timedelta = timedelta(minutes=3)
    early_window: timedelta = timedelta(minutes=15)
    #: How long before a run or workout in the calendar to suggest the dynamic warm-up.
    prerun_lead: timedelta = timedelta(minutes=15)
    #: An unanswered break prompt escalates to the break screen after this long (None: never;
    #: the settings turn it off with ``breaks.screen = false`` or ``escalate_after = 0``).
    escalate_after: timedelta | None = timedelta(minutes=2)
