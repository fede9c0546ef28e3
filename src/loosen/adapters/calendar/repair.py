"""The text of a calendar made readable before icalendar sees it, and what was odd about it.

Calendar programs write things RFC 5545 does not allow and icalendar refuses or misreads:

- control characters (a NUL in a title): removed (they would break a notification);
- spaces in a recurrence rule (Exchange: ``BYDAY=MO, TU, WE``): removed;
- a VTIMEZONE with an empty ``TZID:`` (Outlook): left out, and its times read as local time;
- a time zone named as Outlook displays it, a vendor-prefixed IANA name
  (``/mozilla.org/20050126_1/Europe/Berlin``) or a name with only a UTC offset in it: replaced by
  the zone it means (the policy is in :mod:`loosen.adapters.calendar.zones`);
- a file cut off (no ``END:VCALENDAR``, the last event incomplete): the complete events are kept.

Each repair that changes what the user sees is described in a sentence (``calendar check`` shows
them as notes).
"""

from __future__ import annotations

import re

from loosen.adapters.calendar import zones
from loosen.i18n import _
from loosen.safetext import CONTROL

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_FOLD = re.compile(r"(?:\r\n|\n|\r)[ \t]")
_TZID_PARAM = re.compile(r';TZID=(?:"([^"]*)"|([^;:]*))', re.I)
_RULE = re.compile(r"^(RRULE|EXRULE)([;:])", re.I)
_PARAMS = re.compile(
    r'^[A-Za-z0-9-]+((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)+):'
)
_VENDOR = re.compile(
    r"^/?(?:[^/]+/)*?((?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia"
    r"|Europe|Indian|Pacific|Etc)/[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)?)$"
)


def clean(text: str) -> str:
    """A calendar string fit for a notification or a terminal: control characters (a NUL, an
    escape code, a line break) and text-direction overrides (U+202E, which makes a title read
    backwards) become a space."""
    if not CONTROL.search(text) and "\n" not in text and "\r" not in text and "\t" not in text:
        return text
    return " ".join(CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " ")).split())


def repair(data: bytes | str) -> tuple[str, list[str]]:
    """The text to give icalendar, and a sentence for each oddity that changes what is read."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    text = _FOLD.sub("", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    lines = [line for line in _LINE_BREAK.split(text) if line.strip()]
    notes: list[str] = []
    defined = {
        line[5:].strip() for line in lines if line[:5].upper() == "TZID:" and line[5:].strip()
    }
    decided: dict[str, str | None] = {}  # TZID as written -> TZID to use (None: local time)
    extra_zones: dict[str, str] = {}
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # open components and where they begin in out
    dropped_zone = False
    for line in lines:
        upper = line[:12].upper()
        if upper.startswith("BEGIN:"):
            stack.append((line[6:].strip().upper(), len(out)))
        elif upper.startswith("END:"):
            name = line[4:].strip().upper()
            while len(stack) > 1 and stack[-1][0] != name and any(n == name for n, _begin in stack):
                stack.pop()  # a component left open inside this one: closed with it
            if stack and stack[-1][0] == name:
                _name, begin = stack.pop()
                if name == "VTIMEZONE" and not any(
                    x[:5].upper() == "TZID:" and x[5:].strip() for x in out[begin:]
                ):
                    del out[begin:]  # a time zone without a name: its times become local
                    dropped_zone = True
                    continue
        elif _RULE.match(line):
            head, _colon, value = line.partition(":")
            line = f"{head}:{''.join(value.split()).strip(';')}"
        elif ";" in line[:40] and "TZID=" in line.upper() and (params := _PARAMS.match(line)):
            a, b = params.span(1)
            fixed = _TZID_PARAM.sub(lambda m: _tzid(m, defined, decided, extra_zones), line[a:b])
            line = line[:a] + fixed + line[b:]
        out.append(line)
    if stack and stack[0][0] == "VCALENDAR":  # the file stops early: keep what is complete
        if len(stack) > 1:
            del out[stack[1][1] :]
            note = _(
                "The file ends early (it may have been cut off): its last entry is incomplete "
                "and is left out."
            )
        else:
            note = _(
                "The file ends early (it may have been cut off): it has no END:VCALENDAR line, "
                "but nothing in it is incomplete."
            )
        out.append("END:VCALENDAR")
        notes.append(note)
    if extra_zones:
        at = next((i + 1 for i, x in enumerate(out) if x.upper().startswith("BEGIN:VCALENDAR")), 0)
        out[at:at] = list(extra_zones.values())
    if dropped_zone or "" in decided:
        notes.append("A time zone in this file has no name, so its times are read as local time.")
    unknown = sorted(k for k, v in decided.items() if v is None and k)
    if unknown:
        names = ", ".join(f'"{clean(k)[:80]}"' for k in unknown[:3])
        zone = "time zone" if len(unknown) == 1 else "time zones"
        verb = "is" if len(unknown) == 1 else "are"
        notes.append(f"The {zone} {names} {verb} not known, so its times are read as local time.")
    return "\r\n".join(out) + "\r\n", notes


def _tzid(
    m: re.Match[str],
    defined: set[str],
    decided: dict[str, str | None],
    extra_zones: dict[str, str],
) -> str:
    name = (m.group(1) if m.group(1) is not None else m.group(2) or "").strip()
    if name not in decided:
        decided[name] = _zone_for(name, defined, extra_zones)
    use = decided[name]
    if use is None:
        return ""  # floating: local time
    return f';TZID="{use}"' if use == name and m.group(1) is not None else f";TZID={use}"


def _zone_for(name: str, defined: set[str], extra_zones: dict[str, str]) -> str | None:
    if not name:
        return None
    known = zones.known_zone(name)
    if known is not None:
        return known
    if name in defined or zones.is_readable(name):
        return name
    vendor = _VENDOR.match(name)
    if vendor and zones.is_readable(vendor.group(1)):
        return vendor.group(1)
    offset = zones.offset_in(name)
    if offset is not None:
        zid = zones.fixed_offset_id(offset)
        extra_zones.setdefault(zid, zones.fixed_offset_vtimezone(offset))
        return zid
    return None
