"""The core's translation marker: texts the user reads are marked ``N_("...")`` and left in
English here; the shell translates them where it shows them (``loosen.i18n._``), or passes a
``say`` function into the few core functions that build sentences. Pure: no catalog is read."""

from __future__ import annotations

from collections.abc import Callable

Say = Callable[[str], str]


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is its own English text."""
    return message


def as_is(message: str) -> str:
    """The default ``say``: English, untranslated."""
    return message
