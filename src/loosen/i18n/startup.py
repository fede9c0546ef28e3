"""Choosing and loading the language when a program starts (``cli.main``, the service).

The command line reads ``[ui] language`` with a quick look at the settings file (the settings
themselves are loaded, and any problem in them reported, only by the commands that use them);
``LOOSEN_UI_LANGUAGE`` overrides it, as for every setting; ``LOOSEN_LOCALE_DIR`` points at
other catalogs (a translator trying a translation, the tests' pseudo-locale).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from loosen import i18n
from loosen.i18n.choose import Choice, available_languages, choose


def setting_in_file(path: Path) -> str:
    """``[ui] language`` of a settings file, "" when it is absent or the file cannot be read."""
    try:
        with path.open("rb") as f:
            if b"language" not in f.read():
                return ""
        import tomllib

        with path.open("rb") as f:
            value = tomllib.load(f).get("ui", {}).get("language", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def start(
    environ: Mapping[str, str], setting: str | None = None, settings_file: Path | None = None
) -> Choice:
    """Choose the language (``setting`` when the caller knows it), load it, and say which."""
    if setting is None:
        setting = environ.get("LOOSEN_UI_LANGUAGE", "").strip('"')
        if not setting and settings_file is not None:
            setting = setting_in_file(settings_file)
    locale_dir = Path(environ["LOOSEN_LOCALE_DIR"]) if environ.get("LOOSEN_LOCALE_DIR") else None
    choice = choose(setting, environ, available_languages(locale_dir), sys.platform)
    active = i18n.activate(choice.language, locale_dir)
    i18n.set_formats(choice.formats)
    return Choice(active, choice.formats)
