"""Translations: the markers every surface uses, and the one language of this process.

Markers (what ``scripts/i18n.py extract`` looks for):

* ``_("Text")`` translates now, into the active language;
* ``ngettext("%(n)s move", "%(n)s moves", n)`` chooses the plural form for ``n``;
* ``N_("Text")`` only marks a string for extraction (a table built at import time, click's help
  texts); it is translated where it is shown, with ``_(text)``. The pure core has its own
  ``loosen.core.text.N_`` (the core imports nothing of ours).

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


class SourceText:
    """English, the source: every message is its own translation."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


class _Active:
    __slots__ = ("formats", "language", "locale_dir", "translations")

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self.translations: Translations = SourceText()
        self.formats: str | None = None
        self.locale_dir = LOCALE_DIR


_active = _Active()


def _(message: str) -> str:
    """``message`` in the active language (itself when no translation exists)."""
    return _active.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of the active language for ``n``."""
    return _active.translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; translate it where it is shown."""
    return message


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
