"""The service's calendar blocks: read by a short-lived `loosen calendar busy` child, each
calendar's last good blocks kept when a read fails, focus blocks marked interruptible."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from loosen.app import App
from loosen.i18n import _

log = logging.getLogger("loosen.service")


def interruptible(title: str, words: Sequence[str]) -> bool:
    """A calendar block the user would rather be interrupted in than sit through unprompted
    (``calendar.interruptible_words``): a break it holds back comes at the deferral ceiling."""
    low = title.lower()
    return any(w.lower() in low for w in words)


def calendar_reader(app: App) -> Callable[[datetime], Awaitable[Any]] | None:
    """Busy blocks of the subscribed calendars for the next two days, or None without any.

    The calendars are read by a short-lived `loosen calendar busy` process: icalendar and a
    parsed calendar would otherwise stay in the service's memory (about 4.5 MB and more).
    """
    if not (app.paths.data_dir / "calendars.json").exists():
        return None
    from loosen.core.busy import Busy
    from loosen.service.runner import CALENDAR_AHEAD

    last_good: dict[str, tuple[Busy, ...]] = {}  # per calendar (issue 10)

    def words() -> list[str]:  # the settings may change while the service runs
        return list(app.settings.calendar.interruptible_words)

    async def read(now: datetime) -> tuple[tuple[Busy, ...], list[str]]:
        args = [
            sys.executable,
            "-m",
            "loosen",
            "calendar",
            "busy",
            "--from",
            (now - timedelta(hours=12)).isoformat(),
            "--to",
            (now + CALENDAR_AHEAD).isoformat(),
        ]
        # on the event loop, not in a thread: a worker thread would keep a malloc arena of its
        # own (several MB of the service's memory) for the rest of the run
        proc = await asyncio.create_subprocess_exec(
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL,
            env=app.environ,
        )
        try:
            out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            said = (
                _(
                    "calendars could not be read (reading them took over two minutes); their "
                    "last good blocks are kept"
                )
                if last_good
                else _("calendars could not be read (reading them took over two minutes)")
            )
            return calendar_blocks(last_good, None, words()), [said]
        if proc.returncode != 0:
            last = (err.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
            return calendar_blocks(last_good, None, words()), [unread(last, kept=bool(last_good))]
        data = json.loads(out)
        return calendar_blocks(last_good, data, words()), list(data["problems"])

    return read


def unread(reason: str, *, kept: bool = False) -> str:
    """What `loosen status` says after a failed read (lowercase, no full stop: it follows
    "Calendar: ")."""
    if kept:
        return _("calendars could not be read (%(reason)s); their last good blocks are kept") % {
            "reason": reason
        }
    return _("calendars could not be read (%(reason)s)") % {"reason": reason}


def calendar_blocks(
    last_good: dict[str, Any], data: dict[str, Any] | None, words: Sequence[str] = ()
) -> tuple[Any, ...]:
    """The busy blocks to use after a `loosen calendar busy` read, and `last_good` brought up to
    date (issue 10): each calendar's fresh blocks, but a calendar whose read failed keeps its last
    good ones, and so does every calendar when the whole read failed (`data` None); a calendar no
    longer subscribed is forgotten."""
    from loosen.core.busy import Busy

    if data is not None:
        fresh: dict[str, list[Busy]] = {}
        for b in data["busy"]:
            fresh.setdefault(str(b.get("calendar", "")), []).append(
                Busy(
                    datetime.fromisoformat(b["start"]),
                    datetime.fromisoformat(b["end"]),
                    "meeting",
                    b["title"],
                    b["sitting"],
                    b.get("prerun", False),
                    interruptible=interruptible(b["title"], words),
                )
            )
        calendars = data.get("calendars", [{"key": k, "failed": False} for k in fresh])
        kept = {
            c["key"]: last_good.get(c["key"], ()) if c["failed"] else tuple(fresh.get(c["key"], ()))
            for c in calendars
        }
        last_good.clear()
        last_good.update(kept)
    blocks = [b for group in last_good.values() for b in group]
    return tuple(sorted(blocks, key=lambda b: (b.start, b.end)))
