"""Dates, times, numbers and durations written for the user's locale (``i18n.format_locale()``).

With no locale (the C locale, tests, and any program before it chose one) loosen keeps its own
plain forms: ``14:05``, ``2026-12-07``, ``1234.5``. Otherwise:

* a time of day follows the locale's short time pattern from CLDR (``14:05``, ``2:05 PM``,
  ``14時05分``...), read from ``locale/time_patterns.json`` (made from Babel's data by
  ``scripts/i18n.py compile``), so the long-running service needs no Babel;
* dates and numbers use Babel, imported only by the commands that print them (Babel costs
  start-up time and memory: ``bench/README.md``);
* durations in words are messages of the catalog (``%(minutes)s min``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from loosen import i18n
from loosen.i18n import N_, _, ngettext

#: the days' short names, translated by the catalog (strftime's %a would be the C locale's)
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))

TIME_PATTERNS = i18n.LOCALE_DIR / "time_patterns.json"
_TOKEN = re.compile(r"'[^']*'|([HhKkmaB])\1*")


def _pattern(locale: str) -> tuple[str, list[str]] | None:
    try:
        table = json.loads(TIME_PATTERNS.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    entry = table.get(locale) or table.get(locale.split("_", 1)[0])
    if not entry:
        return None
    return entry[0], entry[1:]


def render_time(pattern: str, periods: list[str], hour: int, minute: int) -> str:
    """A CLDR time pattern (``h:mm a``) filled in; only the fields a short time uses."""

    def field(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.startswith("'"):
            return token[1:-1] if len(token) > 2 else "'"
        c, width = token[0], len(token)
        if c == "H":
            v = hour
        elif c == "k":
            v = hour or 24
        elif c == "h":
            v = hour % 12 or 12
        elif c == "K":
            v = hour % 12
        elif c == "m":
            v = minute
        else:  # a, B: the day period
            return periods[0 if hour < 12 else 1] if len(periods) == 2 else ""
        return f"{v:0{width}d}"

    return _TOKEN.sub(field, pattern).strip()


def time_of_day(dt: datetime) -> str:
    """``14:05`` (or the locale's way of writing it) for an aware or local ``dt``."""
    locale = i18n.format_locale()
    found = _pattern(locale) if locale else None
    if found is None:
        return f"{dt:%H:%M}"
    return render_time(found[0], found[1], dt.hour, dt.minute)


def weekday_and_time(dt: datetime) -> str:
    """``Mon 14:05`` (a pause's end): the day's short name and the time, without Babel."""
    return _("%(day)s %(time)s") % {"day": _(WEEKDAYS[dt.weekday()]), "time": time_of_day(dt)}


def day(d: date) -> str:
    """A date: ``2026-12-07``, or the locale's short form (``07.12.26``) — needs Babel."""
    locale = i18n.format_locale()
    if not locale:
        return d.isoformat()
    from babel.dates import format_date

    return format_date(d, "short", locale=locale)


def day_and_time(dt: datetime) -> str:
    return f"{day(dt.date())} {time_of_day(dt)}"


def weekday_day(d: date) -> str:
    """``Mon 2026-12-07`` or the locale's ``EEE d MMM`` (``Mo., 7. Dez.``) — needs Babel."""
    locale = i18n.format_locale()
    if not locale:
        return f"{d:%a} {d.isoformat()}"
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", d, locale=locale)


def number(value: float, digits: int = 0) -> str:
    """``1234.5`` or the locale's ``1.234,5`` — needs Babel when a locale is set."""
    locale = i18n.format_locale()
    if not locale:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=locale)


def percent(fraction: float) -> str:
    locale = i18n.format_locale()
    if not locale:
        return f"{fraction:.0%}"
    from babel.numbers import format_percent

    return format_percent(fraction, locale=locale)


def minutes(total: int) -> str:
    """A duration in words a clock cannot be mistaken for: ``19 min``, ``1 h 15 min``."""
    h, m = divmod(max(0, total), 60)
    if not h:
        return _("%(minutes)s min") % {"minutes": m}
    if not m:
        return _("%(hours)s h") % {"hours": h}
    return _("%(hours)s h %(minutes)s min") % {"hours": h, "minutes": m}


def count(n: int, one: str, many: str) -> str:
    """``ngettext`` filled with ``%(n)s``."""
    return ngettext(one, many, n) % {"n": n}
