"""Time zones of calendars: the user's local zone, and the names calendar programs give zones.

The policy for a TZID that is not an IANA name (the same for one-off and recurring events, because
it is applied to the text before anything is read; docs/calendars.md):

1. a Windows zone id (``W. Europe Standard Time``, read by icalendar) or an Outlook display name
   (``(UTC-05:00) Eastern Time (US & Canada)``) that we know: its IANA zone;
2. otherwise a VTIMEZONE of that name in the file: its rules;
3. otherwise a vendor-prefixed IANA name (``/mozilla.org/20050126_1/Europe/Berlin``): that zone;
4. otherwise a UTC offset in the name (``(UTC+05:30) …``, ``GMT-03:00``): that fixed offset;
5. otherwise the user's local time, and ``calendar check`` says so.
"""

from __future__ import annotations

import os
import re
import time
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Outlook's display names (the text after the offset), in the words of Windows' zone list, for the
# zones calendars mostly come from; compared after _key() (case, "&"/"and", punctuation).
DISPLAY_NAMES = {
    "international date line west": "Etc/GMT+12",
    "coordinated universal time 11": "Etc/GMT+11",
    "hawaii": "Pacific/Honolulu",
    "alaska": "America/Anchorage",
    "pacific time us and canada": "America/Los_Angeles",
    "baja california": "America/Tijuana",
    "mountain time us and canada": "America/Denver",
    "arizona": "America/Phoenix",
    "chihuahua la paz mazatlan": "America/Chihuahua",
    "central time us and canada": "America/Chicago",
    "central america": "America/Guatemala",
    "guadalajara mexico city monterrey": "America/Mexico_City",
    "saskatchewan": "America/Regina",
    "eastern time us and canada": "America/New_York",
    "indiana east": "America/Indiana/Indianapolis",
    "bogota lima quito rio branco": "America/Bogota",
    "bogota lima quito": "America/Bogota",
    "atlantic time canada": "America/Halifax",
    "caracas": "America/Caracas",
    "santiago": "America/Santiago",
    "newfoundland": "America/St_Johns",
    "brasilia": "America/Sao_Paulo",
    "city of buenos aires": "America/Argentina/Buenos_Aires",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "greenland": "America/Nuuk",
    "azores": "Atlantic/Azores",
    "cabo verde is": "Atlantic/Cape_Verde",
    "coordinated universal time": "UTC",
    "dublin edinburgh lisbon london": "Europe/London",
    "monrovia reykjavik": "Atlantic/Reykjavik",
    "casablanca": "Africa/Casablanca",
    "amsterdam berlin bern rome stockholm vienna": "Europe/Berlin",
    "belgrade bratislava budapest ljubljana prague": "Europe/Budapest",
    "brussels copenhagen madrid paris": "Europe/Paris",
    "sarajevo skopje warsaw zagreb": "Europe/Warsaw",
    "west central africa": "Africa/Lagos",
    "athens bucharest": "Europe/Bucharest",
    "helsinki kyiv riga sofia tallinn vilnius": "Europe/Helsinki",
    "helsinki kiev riga sofia tallinn vilnius": "Europe/Helsinki",
    "cairo": "Africa/Cairo",
    "jerusalem": "Asia/Jerusalem",
    "harare pretoria": "Africa/Johannesburg",
    "istanbul": "Europe/Istanbul",
    "kuwait riyadh": "Asia/Riyadh",
    "nairobi": "Africa/Nairobi",
    "moscow st petersburg": "Europe/Moscow",
    "moscow st petersburg volgograd": "Europe/Moscow",
    "tehran": "Asia/Tehran",
    "abu dhabi muscat": "Asia/Dubai",
    "baku": "Asia/Baku",
    "kabul": "Asia/Kabul",
    "islamabad karachi": "Asia/Karachi",
    "ekaterinburg": "Asia/Yekaterinburg",
    "chennai kolkata mumbai new delhi": "Asia/Kolkata",
    "sri jayawardenepura": "Asia/Colombo",
    "kathmandu": "Asia/Kathmandu",
    "astana": "Asia/Almaty",
    "dhaka": "Asia/Dhaka",
    "bangkok hanoi jakarta": "Asia/Bangkok",
    "beijing chongqing hong kong urumqi": "Asia/Shanghai",
    "kuala lumpur singapore": "Asia/Singapore",
    "perth": "Australia/Perth",
    "taipei": "Asia/Taipei",
    "osaka sapporo tokyo": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "adelaide": "Australia/Adelaide",
    "darwin": "Australia/Darwin",
    "brisbane": "Australia/Brisbane",
    "canberra melbourne sydney": "Australia/Sydney",
    "hobart": "Australia/Hobart",
    "vladivostok": "Asia/Vladivostok",
    "auckland wellington": "Pacific/Auckland",
    "fiji": "Pacific/Fiji",
    "nuku alofa": "Pacific/Tongatapu",
}

_OFFSET = re.compile(
    r"^\s*\(?\s*(?:UTC|GMT)\s*(?:([+\-−])\s*(\d{1,2})(?::?(\d{2}))?)?\s*(?:\)|\s|$)\s*(.*)$", re.I
)


def _key(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def is_iana(name: str) -> bool:
    if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def is_readable(name: str) -> bool:
    """Whether icalendar reads this TZID without a VTIMEZONE (an IANA name or a Windows id)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return name in WINDOWS_TO_OLSON or is_iana(name)


def offset_in(name: str) -> timedelta | None:
    """The UTC offset an Outlook-style name starts with, if any: ``(UTC+05:30) …`` is +5:30."""
    m = _OFFSET.match(name)
    if not m:
        return None
    if m.group(1) is None:
        return timedelta(0)
    sign = -1 if m.group(1) in "-−" else 1
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    return sign * timedelta(hours=hours, minutes=minutes)


def known_zone(name: str) -> str | None:
    """The IANA zone of a Windows id or Outlook display name, or None (IANA names are left to
    icalendar, which reads them and Windows ids itself)."""
    if is_iana(name):
        return None
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    if name in WINDOWS_TO_OLSON:
        return None  # icalendar maps these itself
    m = _OFFSET.match(name)
    rest = m.group(4) if m else name
    return DISPLAY_NAMES.get(_key(rest))


def fixed_offset_id(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    return f"loosen-UTC{sign}{abs(total) // 60:02d}{abs(total) % 60:02d}"


def fixed_offset_vtimezone(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hhmm = f"{sign}{abs(total) // 60:02d}{abs(total) % 60:02d}"
    return "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            f"TZID:{fixed_offset_id(offset)}",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{hhmm}",
            f"TZOFFSETTO:{hhmm}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    )


class _SystemLocal(tzinfo):
    """The C library's local time (TZ or /etc/localtime), with each date's own offset: for a TZ
    that is no IANA name (a POSIX rule such as ``CET-1CEST,M3.5.0,M10.5.0/3``)."""

    def _offset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=-time.timezone)
        stamp = time.mktime((*dt.replace(tzinfo=None).timetuple()[:8], -1))
        return timedelta(seconds=time.localtime(stamp).tm_gmtoff)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._offset(dt)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "local"


def local_zone(environ: dict[str, str] | None = None) -> tzinfo:
    """The user's time zone with its rules for every date (not only today's offset), so that a
    floating summer event read in winter is still at its summer time."""
    env = os.environ if environ is None else environ
    name = env.get("TZ", "").lstrip(":")
    if name:
        if name.startswith("/"):
            try:
                with open(name, "rb") as f:
                    return ZoneInfo.from_file(f)
            except (OSError, ValueError):
                pass
        elif is_iana(name):
            return ZoneInfo(name)
        return _SystemLocal()
    link = Path("/etc/localtime")
    try:
        target = str(link.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target and is_iana(target.split("zoneinfo/", 1)[1]):
        return ZoneInfo(target.split("zoneinfo/", 1)[1])
    try:
        with link.open("rb") as f:
            return ZoneInfo.from_file(f)
    except (OSError, ValueError):
        return _SystemLocal()


__all__ = [
    "fixed_offset_id",
    "fixed_offset_vtimezone",
    "is_readable",
    "known_zone",
    "local_zone",
    "offset_in",
]
