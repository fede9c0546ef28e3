"""The service's loop: observe, let the core decide, carry out, sleep until the core needs us.

Everything that decides is in :class:`loosen.core.coach.Coach`; this module only moves
observations in (idle samples, locks, suspends, commands from the API and notification buttons)
and actions out (notifications, history rows). It sleeps until the decision's ``next_check``
(or until a command or event wakes it), so an idle service barely wakes up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from loosen.core.busy import Busy, busy_at
from loosen.core.coach import (
    Action,
    BoutEnded,
    BoutStarted,
    BusyChanged,
    Coach,
    Locked,
    Notify,
    Observation,
    PolicyChanged,
    Presence,
    Probed,
    Record,
    Refuse,
    Restore,
    Sample,
    Slept,
    Unlocked,
    Withdraw,
)
from loosen.core.policy import BreakPolicy
from loosen.i18n import _, ngettext
from loosen.ports import ButtonId, IdleSource, Notifier
from loosen.service import requests
from loosen.service.clock import ServiceClock
from loosen.service.safe_activity import SafeActivity
from loosen.service.wording import Wording, buttons_for, minutes, texts
from loosen.storage.activity import ActivityLog

log = logging.getLogger("loosen.service")

CHECKPOINT_EVERY = timedelta(seconds=60)
CALENDAR_REFRESH = timedelta(minutes=15)
CALENDAR_AHEAD = timedelta(days=2)

__all__ = ["CALENDAR_AHEAD", "Runner", "Wording", "buttons_for", "minutes", "texts"]

#: A presence detector: "" when it sees nothing, else what it sees ("microphone in use").
Detector = Callable[[], Awaitable[str]]


class Runner:
    def __init__(
        self,
        coach: Coach,
        activity: ActivityLog | SafeActivity,
        idle: IdleSource,
        notifier: Notifier,
        clock: ServiceClock,
        *,
        localize: Callable[[datetime], datetime],
        wording: Wording | None = None,
        open_routine: Callable[[str], None] | None = None,
        break_routine: str = "desk-short",
        source_note: str = "",
        calendars: Callable[[datetime], Awaitable[tuple[tuple[Busy, ...], list[str]]]]
        | None = None,
        detectors: Mapping[str, Detector] | None = None,
        publish: Callable[[str, Any], None] | None = None,
        listeners: Callable[[], int] | None = None,
    ) -> None:
        self.coach = coach
        # a database fault (full disk, damaged file) must never stop the reminders
        self.activity = activity if isinstance(activity, SafeActivity) else SafeActivity(activity)
        self.idle = idle
        self.notifier = notifier
        self.clock = clock
        self.localize = localize
        self.wording = wording or Wording()
        self.open_routine = open_routine
        self.break_routine = break_routine
        self.source_note = source_note
        self.next_check = clock.now()
        self._wake = asyncio.Event()
        self._last_checkpoint: datetime | None = None
        self._pending_notify: list[Notify] = []
        self._withdraw = False
        self.stop = asyncio.Event()
        self.wakeups = 0
        self.calendars = calendars
        self.next_refresh: datetime | None = clock.now() if calendars is not None else None
        self.calendar_problems: list[str] = []
        self.calendar_blocks: tuple[Busy, ...] = ()
        # call, fullscreen, dnd, media, inhibitor: asked when the coach says a sample may
        # decide "away" or a prompt (never on a timer of their own)
        self.detectors: dict[str, Detector] = dict(detectors or {})
        self.probe_next = False
        self.probes = 0
        # an idle source that can watch: the coach's idle thresholds become alarms
        self.idle_at: timedelta | None = None
        self.on_input = False
        self.timer = self.next_check
        self._idle_fired = False
        # the web app's live events: publish(event, data); listeners() = pages connected
        self.publish = publish
        self.listeners = listeners
        self.last_notice: dict[str, Any] | None = None  # shown again to a page opened later
        # desktop parts told after each wake-up and command: the tray (on_status, with the
        # status), break media/lock/sound (on_action, with each action the coach decided)
        self.on_status: list[Callable[[dict[str, Any]], object]] = []
        self.on_action: list[Callable[[Action], None]] = []

    # -- start and loop --------------------------------------------------------------------------
    def restore(self) -> None:
        now = self.clock.now()
        bout = self.activity.open_bout()
        day_start = self._local_day_start(now)
        skips = len(self.activity.events_between(day_start, now + timedelta(seconds=1), "skipped"))
        paused = self.activity.last_event("paused")
        resumed = self.activity.last_event("resumed")
        paused_until = None
        if paused is not None and (resumed is None or resumed.at < paused.at):
            until = paused.data.get("until")
            if isinstance(until, str):
                t = datetime.fromisoformat(until)
                paused_until = t if t > now else None
        self.apply(
            Restore(
                now,
                bout.started_at if bout else None,
                bout.last_active_at if bout else None,
                skips,
                paused_until,
                self._break_under_way(now),
            )
        )

    def _break_under_way(self, now: datetime) -> datetime | None:
        """When the break taken before the restart began, if nothing has ended it since."""
        started = self.activity.last_event("break-started")
        if started is None or now - started.at > timedelta(days=1):
            return None
        for kind in ("break-done", "break-ended", "break-abandoned"):
            ended = self.activity.last_event(kind)
            if ended is not None and ended.at >= started.at:
                return None
        return started.at

    def _local_day_start(self, at: datetime) -> datetime:
        local = self.localize(at)
        start_local = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return at - (local - start_local)

    async def run(self) -> None:
        while not self.stop.is_set():
            await self.tick()
            self._wake.clear()  # before arming: a watch may fire while it is being armed
            if self.stop.is_set():  # asked to stop during the wake-up (a calendar read, say):
                break  # its wake was just cleared, so do not go to sleep for up to 15 min
            wake_at = self.next_check
            if await self._arm_watch():
                wake_at = self.timer  # the idle source wakes us for the rest
            if self.next_refresh is not None:
                wake_at = min(wake_at, self.next_refresh)
            delay = max(0.0, (wake_at - self.clock.now()).total_seconds())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
        await self.final_checkpoint()

    async def final_checkpoint(self) -> None:
        """On the way out (`loosen stop`, SIGTERM, Ctrl-C): how far the open bout has gone now,
        so a restart continues it, or ends it here, rather than at the last wake-up."""
        if self.coach.mode != "sitting":
            return
        idle = None
        if self.coach.sitting.activity_visible:
            try:
                idle = await self.idle.idle()
            except Exception as exc:  # noqa: BLE001 (then what the coach knows)
                log.debug("no idle reading on the way out: %s", exc)
        self._checkpoint(self.clock.now(), idle, force=True)

    async def _arm_watch(self) -> bool:
        watch = getattr(self.idle, "watch", None)
        if watch is None:
            return False
        try:
            return bool(await watch(self.idle_at, self.on_input, self._idle_fire))
        except Exception as exc:  # noqa: BLE001 (then poll, as without watches)
            log.debug("idle watch failed: %s", exc)
            return False

    def _idle_fire(self) -> None:
        self._idle_fired = True
        self.wake()

    async def tick(self) -> None:
        """One wake-up: notice a suspend, ask the detectors if the coach wants it, sample."""
        self.wakeups += 1
        events = self.clock.poll()
        resumed = events.slept is not None
        if events.slept is not None:
            start, end = events.slept
            self.apply(Slept(end, start))
        now = self.clock.now()
        fired, self._idle_fired = self._idle_fired, False
        due = (
            self.wakeups == 1
            or resumed
            or fired
            or now >= self.next_check - timedelta(milliseconds=50)
        )
        if due and self.probe_next and self.detectors:
            await self.probe()
        if self.next_refresh is not None and now >= self.next_refresh:
            await self.refresh_calendars()
        if due:
            idle = await self.idle.idle()
            self.apply(Sample(self.clock.now(), idle))
        else:
            # woken by something else (a command, a lock, the calendar): as a plain timer that
            # is the user still sitting too, and it costs no wake-up of its own
            self._checkpoint(now)
        await self.flush()

    async def probe(self) -> None:
        """Ask every presence detector what it sees now, and tell the coach in one go."""
        self.probes += 1
        seen: list[Presence] = []
        for source, detect in self.detectors.items():
            try:
                why = await detect()
            except Exception as exc:  # noqa: BLE001 (a detector must never stop the service)
                log.debug("presence detector %s failed: %s", source, exc)
                continue
            seen.append(Presence(self.clock.now(), source, bool(why), why))  # type: ignore[arg-type]
        self.apply(Probed(self.clock.now(), tuple(seen)))

    async def refresh_calendars(self) -> None:
        """Read the subscribed calendars again (a child process: fetching may take a while)."""
        if self.calendars is None:
            return
        now = self.clock.now()
        self.next_refresh = now + CALENDAR_REFRESH
        try:
            blocks, problems = await self.calendars(now)
        except Exception as exc:  # noqa: BLE001 (a calendar must never stop the service)
            from loosen.service.calendar_reader import unread

            self.calendar_problems = [unread(str(exc) or type(exc).__name__)]
            return
        self.calendar_problems = problems
        self.calendar_blocks = blocks
        self.apply(BusyChanged(self.clock.now(), blocks, "calendar"))

    def wake(self) -> None:
        self._wake.set()

    # -- observations in, actions out -------------------------------------------------------------
    def apply(self, obs: Observation) -> list[Action]:
        decision = self.coach.observe(obs)
        self.next_check = decision.next_check
        self.probe_next = decision.probe
        self.idle_at = decision.idle_at
        self.on_input = decision.on_input
        self.timer = decision.timer or decision.next_check
        for action in decision.actions:
            self._carry_out(action)
        self._checkpoint(obs.at)
        return list(decision.actions)

    def _checkpoint(
        self, at: datetime, idle: timedelta | None = None, *, force: bool = False
    ) -> None:
        """Write how far the open bout has gone (``last_active_at``), at most once a minute.

        Only ever on a wake-up the service has anyway (every observation and decision, the
        bout's start) and on the way out, never on a timer of its own: a kill -9 or a power cut
        loses at most what happened since the last wake-up (as a plain timer, up to the
        longest sleep, 15 min; a restart then ends the bout there).
        """
        last = self.coach.present_until(at, idle)
        if last is None:
            return
        recent = self._last_checkpoint is not None and at - self._last_checkpoint < CHECKPOINT_EVERY
        if recent and not force:
            return
        self.activity.checkpoint(last)
        self._last_checkpoint = at

    def _carry_out(self, a: Action) -> None:
        for hook in self.on_action:
            hook(a)
        if isinstance(a, BoutStarted):
            self.activity.start_bout(a.at)
            self._last_checkpoint = a.at
        elif isinstance(a, BoutEnded):
            self.activity.end_bout(a.at, a.reason)
        elif isinstance(a, Record):
            self.activity.record(a.at, a.kind, a.data)
        elif isinstance(a, Notify):
            self._pending_notify.append(a)
        elif isinstance(a, Withdraw):
            self._withdraw = True

    async def flush(self) -> None:
        """Carry out the notifications the last observations asked for; tell open pages."""
        if self._withdraw:
            self._withdraw = False
            await self.notifier.withdraw()
            self._push("withdraw", {})
        pending, self._pending_notify = self._pending_notify, []
        for n in pending:
            title, body = texts(n, self.wording, self.localize)
            self.last_notice = {
                "kind": n.kind,
                "title": title,
                "body": body,
                "buttons": [b for b, _ in buttons_for(n)],
                "routine": "pre-run" if n.kind == "pre-run" else self.break_routine,
            }
            self._push("notify", self.last_notice)
            try:
                await self.notifier.show(n.kind, title, body, buttons_for(n), self.button)
            except Exception as exc:  # noqa: BLE001 (a notification server that went away)
                log.warning("could not show a notification: %s", exc)
        self._push("status", None)

    def _push(self, event: str, data: Any) -> None:
        """Send an event to the open pages (nothing to do, and no cost, when there are none)."""
        status = None
        if event == "status" and self.on_status:
            status = self.status()
            for hook in self.on_status:
                hook(status)
        if self.publish is None or self.listeners is None or not self.listeners():
            return
        self.publish(event, (status or self.status()) if data is None else data)

    async def button(self, which: ButtonId) -> None:
        kind = {"start": "break", "snooze": "snooze", "skip": "skip"}.get(which)
        if which in ("yes", "no"):
            await self.command("answer", {"moved": which == "yes"})
        elif kind is not None:
            ok, _said = await self.command(kind, {})
            if ok and which == "start" and self.open_routine is not None:
                self.open_routine(self.break_routine)
        elif which == "warmup" and self.open_routine is not None:
            self.open_routine("pre-run")

    # -- commands (API and buttons) ----------------------------------------------------------------
    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        if kind == "stop":
            self.stop.set()
            self.wake()
            return True, _("loosen is stopping.")
        try:
            obs = requests.checked(kind, body, self.clock.now(), self.localize)
        except requests.Refused as wrong:
            return False, requests.BadRequest(wrong)
        actions = self.apply(obs)
        await self.flush()
        self.wake()
        refused = [a for a in actions if isinstance(a, Refuse)]
        if refused:
            return False, refused[0].said(_, ngettext)
        return True, requests.done_message(kind, self.coach.status(self.clock.now()), self.localize)

    # -- reading -----------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        now = self.clock.now()
        s = self.coach.status(now)
        day_start = self._local_day_start(now)
        today = self._today(day_start, now)

        def iso(dt: datetime | None) -> str | None:
            return dt.isoformat() if dt else None

        block = busy_at(self.coach.busy, now)
        placed = self.coach._placement(now) if s.next_break is not None else None
        return {
            "now": now.isoformat(),
            "mode": s.mode,
            "busy_now": None
            if block is None
            else {
                "title": block.title,
                "kind": block.kind,
                "until": block.end.isoformat(),
                "sitting": block.sitting,
            },
            "next_break_placed": None
            if placed is None or placed.when == "due"
            else {
                "at": placed.at.isoformat(),
                "how": placed.when,
                "title": placed.block.title if placed.block else None,
            },
            "calendar_problems": self.calendar_problems,
            "storage_problem": self.activity.problem,
            "sitting_seconds": int(s.sitting_for.total_seconds()),
            "bout_started_at": iso(s.bout_start),
            "next_break_at": iso(s.next_break),
            "prompt_open": s.prompt_open,
            "paused_until": iso(s.paused_until),
            "snoozes_left": s.snoozes_left,
            "skips_left": s.skips_left,
            "in_working_hours": s.in_hours,
            "activity": {
                "source": self.idle.name,
                "visible": bool(s.activity_visible),
                "note": self.source_note,
            },
            "notifications": self.notifier.name,
            "break_routine": self.break_routine,
            "today": today,
        }

    def _today(self, start: datetime, now: datetime) -> dict[str, Any]:
        bouts = self.activity.bouts_between(start, now)
        sitting = timedelta(0)
        longest = timedelta(0)
        for b in bouts:
            end = b.ended_at or (now if self.coach.mode == "sitting" else b.last_active_at)
            sitting += min(end, now) - max(b.started_at, start)
            longest = max(longest, end - b.started_at)
        evs = self.activity.events_between(start, now + timedelta(seconds=1))
        kinds = [e.kind for e in evs]
        taken = kinds.count("break-done") + kinds.count("break-ended")  # core.credit's rule
        return {
            "sitting_seconds": int(sitting.total_seconds()),
            "longest_bout_seconds": int(longest.total_seconds()),
            "prompts": kinds.count("prompted"),
            "breaks_taken": taken,
            "snoozed": kinds.count("snoozed"),
            "skipped": kinds.count("skipped"),
            "natural_breaks": kinds.count("natural-break"),
        }

    def apply_settings(self, policy: BreakPolicy, break_routine: str) -> None:
        """Use changed settings from now on (saved from the settings page)."""
        self.apply(PolicyChanged(self.clock.now(), policy))  # the coming break moves with them
        self.break_routine = break_routine
        if self.calendars is not None:  # calendar settings: read the calendars again now
            self.next_refresh = self.clock.now()
        self.wake()
        self._push("status", None)

    def open_prompt(self) -> dict[str, Any] | None:
        """The break prompt on screen now, if any (for a page opened after it was sent)."""
        if not self.coach.prompt_open or self.last_notice is None:
            return None
        return self.last_notice

    def timeline(self) -> dict[str, Any]:
        """Today so far, for the dashboard's picture: bouts, what happened, and meetings."""
        now = self.clock.now()
        start = self._local_day_start(now)
        end = start + timedelta(days=1)
        bouts = []
        for b in self.activity.bouts_between(start, now):
            open_ = b.ended_at is None
            until = b.ended_at or (now if self.coach.mode == "sitting" else b.last_active_at)
            bouts.append(
                {
                    "start": max(b.started_at, start).isoformat(),
                    "end": min(until, now).isoformat(),
                    "open": open_,
                }
            )
        events = [
            {"at": e.at.isoformat(), "kind": e.kind, "data": e.data}
            for e in self.activity.events_between(start, now + timedelta(seconds=1))
        ]
        busy = [
            {
                "start": max(b.start, start).isoformat(),
                "end": min(b.end, end).isoformat(),
                "title": b.title,
                "kind": b.kind,
            }
            for b in dict.fromkeys((*self.calendar_blocks, *self.coach.busy))
            if b.end > start and b.start < end
        ]
        return {
            "day_start": start.isoformat(),
            "day_end": end.isoformat(),
            "now": now.isoformat(),
            "bouts": bouts,
            "events": events,
            "busy": busy,
        }

    async def presence_changed(self, source: str) -> None:
        """A detector that can signal says something changed (a player started or stopped):
        read it now and tell the coach, without waiting for the next sample."""
        detect = self.detectors.get(source)
        if detect is None:
            return
        try:
            why = await detect()
        except Exception as exc:  # noqa: BLE001 (a detector must never stop the service)
            log.debug("presence detector %s failed: %s", source, exc)
            return
        now = self.clock.now()
        self.apply(Presence(now, source, bool(why), why))  # type: ignore[arg-type]
        await self.flush()
        self.wake()

    # -- session events ----------------------------------------------------------------------------
    def on_lock(self, locked: bool) -> None:
        now = self.clock.now()
        self.apply(Locked(now) if locked else Unlocked(now))
        self.wake()
