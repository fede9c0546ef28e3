"""The languages loosen ships catalogs for, each by its own name (a test keeps this list equal
to the folders of ``loosen/locale``). Plain data."""

from __future__ import annotations

#: catalog name -> the language's name for itself (the settings page lists these)
LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "it": "Italiano",
    "ja": "日本語",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt_BR": "Português (Brasil)",
    "zh_CN": "简体中文",
}

#: languages written right to left (none shipped yet; the web pages set ``dir`` from this)
RTL = frozenset({"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug"})


def direction(lang: str) -> str:
    return "rtl" if lang.split("_", 1)[0] in RTL else "ltr"
