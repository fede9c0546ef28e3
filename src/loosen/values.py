"""The forms of the values users write (routine ids, clock times): one definition for everyone.

The settings loader (:mod:`loosen.config`, through msgspec's ``pattern``), the settings page
(:mod:`loosen.settings_file`), the routine files (:mod:`loosen.routines`), the web API and the
service (which turns a clock time into a :class:`datetime.time`) all use these, so a value one of
them accepts is a value every other one can use.

Patterns are anchored with ``^`` and ``\\Z``: msgspec applies a pattern with ``re.search``, and
``$`` would also match before a final newline (``"09:00\\n"``). :func:`fullmatch` is the check for
code that is not msgspec.
"""

from __future__ import annotations

import re
from datetime import time

ROUTINE_ID_MAX = 64
"""The longest routine id (a routine's file name without ``.toml``)."""

ROUTINE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}\Z"  # ROUTINE_ID_MAX characters at most
"""A routine id: lowercase ASCII letters, digits and hyphens, not starting with a hyphen."""

OPTIONAL_ROUTINE_ID_PATTERN = r"^([a-z0-9][a-z0-9-]{0,63})?\Z"
"""A routine id or nothing (an empty string)."""

CLOCK_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]\Z"
"""A 24-hour clock time ``HH:MM``."""

_ROUTINE_ID = re.compile(ROUTINE_ID_PATTERN)
_CLOCK_TIME = re.compile(CLOCK_TIME_PATTERN)


def is_routine_id(text: object) -> bool:
    return isinstance(text, str) and _ROUTINE_ID.search(text) is not None


def is_clock_time(text: object) -> bool:
    return isinstance(text, str) and _CLOCK_TIME.search(text) is not None


def clock_time(text: str) -> time:
    """The time of day ``text`` (``HH:MM``) names; ValueError for anything else."""
    if not is_clock_time(text):
        raise ValueError(f"{text!r} is not a 24-hour time like 09:00")
    return time(int(text[:2]), int(text[3:5]))


#: a language tag as a routine file's ``[translations.<lang>]`` names it: ``de``, ``pt_BR``
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$"
