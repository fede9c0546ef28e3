"""The user's calendar subscriptions (kept by loosen in its data folder) and their busy blocks."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loosen.adapters.calendar.ics import Expanded, Rules, Skipped, expand
from loosen.adapters.calendar.source import CalendarSource, address_problem, display, normalize
from loosen.core.busy import Busy
from loosen.errors import LoosenError
from loosen.i18n import _


class CalendarError(LoosenError):
    pass


READ_SECONDS = 90.0  # all calendars: the service gives `calendar busy` 120 s


@dataclass(frozen=True, slots=True)
class CalendarRead:
    """What one calendar gave: its blocks, or ``failed`` when it could not be read at all (the
    service then keeps that calendar's last good blocks)."""

    key: str  # names the calendar without its (secret) address
    blocks: tuple[Busy, ...]
    problems: tuple[str, ...]
    failed: bool


@dataclass(frozen=True, slots=True)
class Subscription:
    spec: str
    added_at: str


class Subscriptions:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "calendars.json"
        self.cache_dir = data_dir / "calendar-cache"

    def all(self) -> list[Subscription]:
        try:
            raw = json.loads(self.path.read_text())
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise CalendarError(
                _("%(path)s cannot be read (%(why)s); fix or delete it.")
                % {"path": self.path, "why": exc}
            ) from None
        items = raw.get("calendars", []) if isinstance(raw, dict) else []
        return [
            Subscription(str(i["spec"]), str(i.get("added_at", "")))
            for i in items
            if isinstance(i, dict) and "spec" in i
        ]

    def _save(self, subs: list[Subscription]) -> None:
        from loosen.private import write_private

        # 0600: a subscribed address is often a secret (a private calendar's URL)
        write_private(
            self.path,
            json.dumps(
                {"calendars": [{"spec": s.spec, "added_at": s.added_at} for s in subs]}, indent=2
            ),
        )

    def source(self, spec: str) -> CalendarSource:
        return CalendarSource(spec, self.cache_dir)

    def add(self, spec: str) -> Subscription:
        problem = address_problem(spec)
        if problem is not None:
            raise CalendarError(problem)
        norm = normalize(spec)
        subs = self.all()
        if any(s.spec == norm for s in subs):
            raise CalendarError(
                _("%(calendar)s is already subscribed.") % {"calendar": display(norm)}
            )
        loaded = self.source(norm).load()
        if loaded.calendar is None:
            raise CalendarError(_("Not added: %(problem)s.") % {"problem": loaded.problem})
        sub = Subscription(norm, datetime.now(UTC).isoformat(timespec="seconds"))
        self._save([*subs, sub])
        return sub

    def remove(self, spec: str) -> Subscription:
        subs = self.all()
        norm = spec if spec.isdigit() else normalize(spec)
        for i, s in enumerate(subs, 1):
            if s.spec == norm or (spec.isdigit() and int(spec) == i):
                self._save([x for x in subs if x is not s])
                return s
        raise CalendarError(
            _("No calendar %(calendar)s is subscribed; `loosen calendar list` shows them.")
            % {"calendar": repr(spec)}
        )

    def busy(
        self, start: datetime, end: datetime, rules: Rules
    ) -> tuple[tuple[Busy, ...], list[str]]:
        """Busy blocks of every subscription in [start, end), and the problems met."""
        reads = self.read_each(start, end, rules)
        blocks = sorted((b for r in reads for b in r.blocks), key=lambda b: (b.start, b.end))
        return tuple(blocks), [p for r in reads for p in r.problems]

    def read_each(self, start: datetime, end: datetime, rules: Rules) -> list[CalendarRead]:
        """Each subscription's busy blocks in [start, end): one calendar's failure is its own."""
        began = time.monotonic()
        out = []
        for sub in self.all():
            source = self.source(sub.spec)
            where = display(sub.spec)
            if time.monotonic() - began > READ_SECONDS:
                late = _(
                    "%(where)s was not read, because the calendars before it took too long"
                ) % {"where": where}
                out.append(CalendarRead(source.key, (), (late,), True))
                continue
            try:
                out.append(_read_one(source, where, start, end, rules))
            except Exception:  # noqa: BLE001 (a calendar must never hide the others)
                broken = _("%(where)s could not be worked out; its last good blocks are kept") % {
                    "where": where
                }
                out.append(CalendarRead(source.key, (), (broken,), True))
        return out


def _read_one(
    source: CalendarSource, where: str, start: datetime, end: datetime, rules: Rules
) -> CalendarRead:
    loaded = source.load()
    problems = [loaded.problem] if loaded.problem else []
    problems += [f"{where}: {n.rstrip('.')}" for n in loaded.notes]
    if loaded.calendar is None:
        return CalendarRead(source.key, (), tuple(problems), True)
    result = expand(loaded.calendar, start, end, rules=rules)
    problems += [f"{where}: {s.title}: {s.reason.rstrip('.')}" for s in result.skipped]
    return CalendarRead(source.key, result.blocks, tuple(problems), False)


def week_of(
    spec: str, cache_dir: Path, rules: Rules, now: datetime
) -> tuple[Expanded, str | None, tuple[str, ...]]:
    """This week (from the start of today, local time, for 7 days) of one calendar, the problem
    met reading it, and the oddities of its file (sentences)."""
    loaded = CalendarSource(spec, cache_dir).load()
    if loaded.calendar is None:
        raise CalendarError(f"{loaded.problem}.")
    local = now.astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week = expand(loaded.calendar, start, start + timedelta(days=7), rules=rules)
    return week, loaded.problem, loaded.notes


__all__ = ["CalendarError", "CalendarRead", "Skipped", "Subscription", "Subscriptions", "week_of"]
