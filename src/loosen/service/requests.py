"""What a command asks of the service (the local API and the notification buttons): its fields
checked, with a one-sentence reason when they are wrong, and the sentence said when it is done.

The runner turns a checked request into a core :class:`~loosen.core.observations.Command`; a
wrong one never reaches the core. A :class:`BadRequest` answer is HTTP 400 (the request itself is
wrong), any other refusal 409 (right, but not now), in whatever language the answer is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from loosen.core.coach import Command
from loosen.core.observations import Status
from loosen.i18n import _
from loosen.i18n.formats import time_of_day, weekday_and_time

#: the commands that take no fields
PLAIN = ("resume", "snooze", "skip", "break-abandoned", "moved")

Localize = Callable[[datetime], datetime]


class BadRequest(str):
    """A command's answer that says the request itself was wrong (HTTP 400, not 409), whatever
    the language it is written in."""


class Refused(ValueError):
    """Raised by the checks; its text is the one sentence to answer (as a :class:`BadRequest`)."""


def checked(kind: str, body: Mapping[str, Any], now: datetime, localize: Localize) -> Command:
    """The core's command for request ``kind`` with ``body``; :class:`Refused` when a field is
    wrong or there is no such command (``stop`` is the runner's own)."""
    if kind == "pause":
        return Command(now, "pause", until=pause_until(now, body, localize))
    if kind == "answer":
        moved = body.get("moved")
        if not isinstance(moved, bool):
            raise Refused(_('Bad request: "moved" must be true or false.'))
        return Command(now, "answer-moved", answer=moved)
    if kind == "break-done":
        return Command(now, "break-done", since=since(now, body.get("since")))
    if kind == "break":
        player = body.get("player")
        if player not in (None, "web"):
            raise Refused(
                _('Bad request: "player" may only be "web", not %(value)s.')
                % {"value": json.dumps(player)}
            )
        return Command(now, "break", player=player)
    if kind in PLAIN:
        return Command(now, kind)  # type: ignore[arg-type]
    raise Refused(_('Bad request: there is no command "%(kind)s".') % {"kind": kind})


def since(now: datetime, value: object) -> datetime | None:
    """When a routine done elsewhere began: within the last day, not in the future."""
    if value is None:
        return None
    wrong = _('Bad request: "since" must be an ISO 8601 instant with a time zone, not %(value)s.')
    if not isinstance(value, str):
        raise Refused(wrong % {"value": json.dumps(value)})
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise Refused(wrong % {"value": json.dumps(value)}) from None
    if at.tzinfo is None:
        raise Refused(
            _(
                'Bad request: "since" must be an ISO 8601 instant with a time zone, not '
                "%(value)s (it has no time zone)."
            )
            % {"value": json.dumps(value)}
        )
    if at > now + timedelta(minutes=1):
        raise Refused(_('Bad request: "since" (%(since)s) is in the future.') % {"since": value})
    if at < now - timedelta(days=1):
        raise Refused(
            _('Bad request: "since" (%(since)s) is more than a day ago.') % {"since": value}
        )
    return at


def pause_until(now: datetime, body: Mapping[str, Any], localize: Localize) -> datetime:
    """The end of a pause: ``minutes`` from now (1 to 1440) or ``until`` the next local midnight."""
    if body.get("until") == "tomorrow":
        local = localize(now)
        midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return now + (midnight - local)
    mins = body.get("minutes")
    if isinstance(mins, bool) or not isinstance(mins, int) or not 1 <= mins <= 24 * 60:
        if mins is None:
            raise Refused(
                _(
                    'Bad request: give "minutes" (a whole number from 1 to 1440) or "until": '
                    '"tomorrow".'
                )
            )
        raise Refused(
            _(
                'Bad request: give "minutes" (a whole number from 1 to 1440, not %(value)s) or '
                '"until": "tomorrow".'
            )
            % {"value": json.dumps(mins)}
        )
    return now + timedelta(minutes=mins)


def done_message(kind: str, s: Status, localize: Localize) -> str:
    """What the service says when command ``kind`` was carried out, given the status after it."""
    nxt = time_of_day(localize(s.next_break)) if s.next_break else None
    at = {"time": nxt}
    if kind == "pause" and s.paused_until:
        until = weekday_and_time(localize(s.paused_until))
        return _("Paused until %(when)s.") % {"when": until}
    if kind in ("resume", "snooze", "skip") and nxt:
        return {
            "resume": _("Resumed. Next break at %(time)s."),
            "snooze": _("Snoozed. Next break at %(time)s."),
            "skip": _("Skipped. Next break at %(time)s."),
        }[kind] % at
    return {
        "pause": _("Paused."),
        "resume": _("Resumed."),
        "snooze": _("Snoozed."),
        "skip": _("Skipped."),
        "break": _("Enjoy your break. Run `loosen stretch` for the routine."),
        "break-done": _("Break recorded. Well done."),
        "break-abandoned": _("Noted: that was not a break; your sitting time goes on."),
        "moved": _("Noted: your sitting time starts again now."),
        "answer": _("Thanks, noted."),
    }.get(kind, _("Done."))
