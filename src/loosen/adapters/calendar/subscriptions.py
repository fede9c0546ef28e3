"""The user's calendar subscriptions (kept by loosen in its data folder) and their busy blocks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loosen.adapters.calendar.ics import Expanded, Rules, Skipped, expand
from loosen.adapters.calendar.source import CalendarSource, display, normalize
from loosen.core.busy import Busy
from loosen.errors import LoosenError


class CalendarError(LoosenError):
    pass


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
            raise CalendarError(f"{self.path} cannot be read ({exc}); fix or delete it.") from None
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
        norm = normalize(spec)
        subs = self.all()
        if any(s.spec == norm for s in subs):
            raise CalendarError(f"{display(norm)} is already subscribed.")
        loaded = self.source(norm).load()
        if loaded.calendar is None:
            raise CalendarError(f"Not added: {loaded.problem}.")
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
            f"No calendar {spec!r} is subscribed; `loosen calendar list` shows them."
        )

    def busy(
        self, start: datetime, end: datetime, rules: Rules
    ) -> tuple[tuple[Busy, ...], list[str]]:
        """Busy blocks of every subscription in [start, end), and the problems met."""
        blocks: list[Busy] = []
        problems: list[str] = []
        for sub in self.all():
            loaded = self.source(sub.spec).load()
            if loaded.problem:
                problems.append(loaded.problem)
            if loaded.calendar is None:
                continue
            result = expand(loaded.calendar, start, end, rules=rules)
            blocks += result.blocks
            problems += [f"{display(sub.spec)}: {s.title}: {s.reason}" for s in result.skipped]
        blocks.sort(key=lambda b: (b.start, b.end))
        return tuple(blocks), problems


def week_of(spec: str, cache_dir: Path, rules: Rules, now: datetime) -> tuple[Expanded, str | None]:
    """This week (from the start of today, local time, for 7 days) of one calendar."""
    loaded = CalendarSource(spec, cache_dir).load()
    if loaded.calendar is None:
        raise CalendarError(f"{loaded.problem}.")
    local = now.astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return expand(loaded.calendar, start, start + timedelta(days=7), rules=rules), loaded.problem


__all__ = ["CalendarError", "Skipped", "Subscription", "Subscriptions", "week_of"]
