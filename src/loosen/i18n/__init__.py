"""Translations: the markers every surface uses, and the one language of this process.

Markers (what ``scripts/i18n.py extract`` looks for):

* ``_("Text")`` translates now, into the active language;
* ``ngettext("%(n)s move", "%(n)s moves", n)`` chooses the plural form for ``n``;
* ``N_("Text")`` only marks a string for extraction (a table built at import time, click's help
  texts); it is translated where it is shown, with ``_(text)``. The pure core has its own
  ``loosen.core.text.N_`` (the core imports nothing of ours);
* ``pgettext("working hours", "Start")`` and ``npgettext(context, one, many, n)`` translate a
  message in a context: the same English words that need different translations in different
  places (a button's "Start", a setting's "Start") are different messages for the translators
  (gettext's ``msgctxt``). ``NC_(context, "Text")`` marks one for later, like ``N_``: what it
  returns remembers its context, and ``_(text)`` translates it in that context.

Placeholders are named, in Python's ``%(name)s`` form, and filled after translating:
``_("%(minutes)s min") % {"minutes": 5}`` (a test refuses ``{name}`` in our message ids). The web
app fills the same form in ``static/js/i18n.js``.

One process speaks one language: the composition root (``cli.main``, the service's ``__main__``)
calls :func:`activate` once with the language chosen by :mod:`loosen.i18n.choose`; until then,
and for English, the source text is the translation and no catalog is read. This module keeps
that choice in module state on purpose (the only such state in loosen): a translated string is
needed in places that have no object to carry it, such as click's own messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

SOURCE_LANGUAGE = "en"
DOMAIN = "loosen"
LOCALE_DIR = Path(__file__).parent.parent / "locale"


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...
    def pgettext(self, context: str, message: str, /) -> str: ...
    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str: ...


class SourceText:
    """English, the source: every message is its own translation."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str, /) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


class InContext(str):
    """A message marked with :func:`NC_`: its English text, and the context it is translated in."""

    context: str

    def __new__(cls, context: str, message: str) -> InContext:
        self = super().__new__(cls, message)
        self.context = context
        return self


class _Active:
    __slots__ = ("formats", "language", "locale_dir", "translations")

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self.translations: Translations = SourceText()
        self.formats: str | None = None
        self.locale_dir = LOCALE_DIR


_active = _Active()


def _(message: str) -> str:
    """``message`` in the active language (itself when no translation exists); a message
    marked with :func:`NC_` in its context."""
    if isinstance(message, InContext):
        return _active.translations.pgettext(message.context, message)
    return _active.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of the active language for ``n``."""
    return _active.translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as translated for ``context`` (a few words saying where it is used)."""
    return _active.translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` of a message translated for ``context``."""
    return _active.translations.npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; translate it where it is shown."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark ``message`` for extraction in ``context``; ``_(text)`` translates it in that context
    where it is shown."""
    return InContext(context, message)


def language() -> str:
    """The active language: ``en`` or the name of a catalog (``de``, ``pt_BR``, ...)."""
    return _active.language


def format_locale() -> str | None:
    """The locale dates and numbers are written for (``de_CH``), None for loosen's own plain
    formats (the C locale, and before a program has chosen)."""
    return _active.formats


def set_formats(locale: str | None) -> None:
    _active.formats = locale


def locale_dir() -> Path:
    """Where the active language's catalogs are (``LOOSEN_LOCALE_DIR`` can point elsewhere)."""
    return _active.locale_dir


def use(lang: str, translations: Translations) -> None:
    """Make ``translations`` the process's language (tests use it with their own catalogs)."""
    _active.language = lang
    _active.translations = translations


def activate(lang: str, locale_dir: Path | None = None) -> str:
    """Load the catalog of ``lang`` (English needs none); returns the language now active.

    A language without a compiled catalog falls back to English, as does every message the
    catalog does not translate.
    """
    _active.locale_dir = locale_dir or LOCALE_DIR
    if lang == SOURCE_LANGUAGE:
        use(SOURCE_LANGUAGE, SourceText())
        return SOURCE_LANGUAGE
    path = (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    from loosen.i18n.mo import MoCatalog

    try:
        catalog = MoCatalog(path.read_bytes())
    except (OSError, ValueError, IndexError):
        use(SOURCE_LANGUAGE, SourceText())
        return SOURCE_LANGUAGE
    use(lang, catalog)
    return lang
