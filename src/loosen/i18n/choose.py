"""Which language loosen speaks: the ``[ui] language`` setting, else the system's, else English.

On Linux and other POSIX systems the system's language is what every desktop program reads:
``LANGUAGE`` (a colon-separated list of preferences, GNU gettext's extension, ignored when the
locale is ``C``/``POSIX``), then the first set of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``. On
macOS and Windows, when none of those is set, the OS's own setting is asked
(``defaults read -g AppleLanguages``; ``GetUserDefaultUILanguage``). **Untested there**: this
project's machines run Linux only.

Each preference is tried as given and then as its bare language (``de_AT`` -> ``de_AT``, ``de``;
``pt-BR.UTF-8`` -> ``pt_BR``, ``pt``); the first one loosen has a catalog for wins.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from loosen.i18n import SOURCE_LANGUAGE
from loosen.i18n.languages import LANGUAGES

_C_LOCALES = {"C", "POSIX"}


def normalize(tag: str) -> str:
    """``de-de.UTF-8@euro`` -> ``de_DE``; ``zh-hans-cn`` keeps its script out: ``zh_CN``."""
    base = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    parts = [p for p in base.split("_") if p]
    if not parts:
        return ""
    lang = parts[0].lower()
    if lang in ("c", "posix"):
        return lang.upper()
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p.isalnum()), "")
    if lang == "zh" and not region:
        script = next((p.lower() for p in parts[1:] if len(p) == 4), "")
        region = {"hans": "CN", "hant": "TW"}.get(script, "")
    return f"{lang}_{region}" if region else lang


def _posix_preferences(environ: Mapping[str, str]) -> list[str]:
    locale = ""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            locale = normalize(value)
            break
    if locale in _C_LOCALES:
        return [locale]
    out = [normalize(p) for p in environ.get("LANGUAGE", "").split(":") if p.strip()]
    if locale:
        out.append(locale)
    return [p for p in out if p]


def _os_preferences(platform: str) -> list[str]:  # pragma: no cover - macOS and Windows only
    if platform == "darwin":
        import subprocess

        try:
            out = subprocess.run(
                ["defaults", "read", "-g", "AppleLanguages"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return [normalize(w.strip(' ",()\n')) for w in out.split(",") if w.strip(' ",()\n')]
    if platform == "win32":
        import ctypes
        import locale

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        name = locale.windows_locale.get(lcid, "")
        return [normalize(name)] if name else []
    return []


def system_preferences(environ: Mapping[str, str], platform: str = sys.platform) -> list[str]:
    """The user's languages, most wanted first (``["C"]`` for the C locale)."""
    found = _posix_preferences(environ)
    if not found and platform in ("darwin", "win32"):
        found = _os_preferences(platform)
    return found


def negotiate(preferences: Sequence[str], available: Collection[str]) -> str:
    """The first preference (or its bare language) that has a catalog, else English."""
    for pref in preferences:
        if pref in _C_LOCALES:
            return SOURCE_LANGUAGE
        for candidate in (pref, pref.split("_", 1)[0]):
            if candidate == SOURCE_LANGUAGE or candidate in available:
                return candidate
    return SOURCE_LANGUAGE


class Choice(NamedTuple):
    language: str  # a catalog's name, or "en"
    formats: str | None  # the locale for dates and numbers (de_CH, en_US); None: the C locale


def available_languages(locale_dir: Path | None) -> tuple[str, ...]:
    """The languages loosen has catalogs for (those of ``locale_dir`` when one is given)."""
    if locale_dir is None:
        return tuple(LANGUAGES)
    try:
        return tuple(sorted(p.name for p in locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir()))
    except OSError:
        return ()


def choose(
    setting: str,
    environ: Mapping[str, str],
    available: Collection[str],
    platform: str = sys.platform,
) -> Choice:
    """The language to speak and the locale to format for.

    ``setting`` is ``[ui] language`` ("" follows the system). Dates and numbers follow the
    system's own locale when it speaks the chosen language (``de_CH`` for German in
    Switzerland), else the chosen language itself; the C locale keeps loosen's plain formats.
    """
    prefs = system_preferences(environ, platform)
    lang = negotiate([normalize(setting)] if setting else prefs, available)
    if not setting and (not prefs or prefs[0] in _C_LOCALES):
        return Choice(lang, None)
    formats = next((p for p in prefs if p.split("_", 1)[0] == lang.split("_", 1)[0]), lang)
    return Choice(lang, formats)
