"""The core's translation markers: texts the user reads are marked ``N_("...")`` (or
``NN_("... %(n)s time", "... %(n)s times")`` for a count) and left in English here; the shell
translates them where it shows them (``loosen.i18n._``, ``ngettext``), or passes a ``say``
function into the few core functions that build sentences. Pure: no catalog is read."""

from __future__ import annotations

from collections.abc import Callable

Say = Callable[[str], str]
#: ``ngettext``'s shape: the singular, the plural and the count give the form to show
SayCount = Callable[[str, str, int], str]


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is its own English text."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for extraction; its English forms, as a pair."""
    return singular, plural


def as_is(message: str) -> str:
    """The default ``say``: English, untranslated."""
    return message


def as_is_count(singular: str, plural: str, n: int) -> str:
    """The default ``say_count``: the English form for ``n``."""
    return singular if n == 1 else plural
