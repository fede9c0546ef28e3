"""The catalogs' life cycle (``scripts/i18n.py`` and the tests): extract the template from the
sources, merge it into each language, compile each language. Needs Babel; never used at run time.

Layout (Weblate reads the ``.po`` files directly)::

    babel.cfg                                  which extractor reads which files
    src/loosen/locale/loosen.pot               the template: every message of every surface
    src/loosen/locale/<lang>/LC_MESSAGES/loosen.po    a language (translators edit this)
    src/loosen/locale/<lang>/LC_MESSAGES/loosen.mo    compiled, committed (a test says when stale)
    src/loosen/locale/<lang>/LC_MESSAGES/web.json     the web pages' part, as the server sends it
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from loosen.i18n import DOMAIN, LOCALE_DIR
from loosen.i18n.languages import direction
from loosen.i18n.mo import MAGIC

ROOT = LOCALE_DIR.parent.parent.parent  # the repository
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = ROOT / "babel.cfg"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "NN_": (1, 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "NC_": ((1, "c"), 2),
    "tr": None,
    "ntr": (1, 2),
    "ptr": ((1, "c"), 2),
    "nptr": ((1, "c"), 2, 3),
}
#: what joins a message's context and its id in a compiled catalog (GNU's ``.mo`` does so too)
CONTEXT_GLUE = "\x04"
COMMENT_TAGS = ("TRANSLATORS:",)
WEB_SOURCES = "src/loosen/web/static/"
PO_WIDTH = 100
HEADER = """\
# Translations of loosen, a local-first movement-break coach.
# Copyright (C) loosen contributors
# This file is distributed under the same license as the loosen package (MIT).
# How to translate: docs/translating.md"""
REVIEW_TEAM = "{name} (wants native review) <https://github.com/loosen-app/loosen/issues>"


def extract(root: Path = ROOT) -> Catalog:
    """Every message of the sources, with where it is used and what it is."""
    with MAPPING.open() as f:
        method_map, options_map = parse_mapping_cfg(f)  # type: ignore[no-untyped-call]
    catalog = Catalog(
        project="loosen",
        version="",
        copyright_holder="loosen contributors",
        msgid_bugs_address="https://github.com/loosen-app/loosen/issues",
        charset="utf-8",
        header_comment=HEADER,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        where = Path(filename).as_posix()
        catalog.add(
            message,
            None,
            [(where, lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def po_text(catalog: Catalog) -> str:
    buf = io.BytesIO()
    # file names without line numbers: moving code around does not change the catalogs
    write_po(buf, catalog, width=PO_WIDTH, include_lineno=False, ignore_obsolete=True)
    return buf.getvalue().decode("utf-8")


def without_dates(text: str) -> str:
    """A ``.po``/``.pot`` text with the creation and revision dates left out (for comparing)."""
    return "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:'))
    )


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    return sorted(p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def new_language(lang: str, template: Catalog, name: str) -> Catalog:
    """A new language's catalog: every message untranslated, its plural rule from CLDR."""
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="loosen",
        version="",
        copyright_holder="loosen contributors",
        msgid_bugs_address=template.msgid_bugs_address,
        language_team=REVIEW_TEAM.format(name=name),
        last_translator="",
        charset="utf-8",
        header_comment=HEADER,
        fuzzy=False,
    )
    catalog.update(template)
    return catalog


def update(lang: str, template: Catalog, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """Merge the template into a language: new messages untranslated, changed ones fuzzy."""
    catalog = read(po_path(lang, locale_dir), lang)
    catalog.update(template)
    for m in catalog:
        if not m.id or not m.fuzzy:
            continue
        # a guess has the template's flags, not those of the message it was guessed from
        # ("python-format" where the new one has no placeholder): a second update changes nothing
        source = template.get(m.id, context=m.context)
        flags = set(source.flags) if source is not None else m.flags - {"fuzzy"}
        strings = m.string if isinstance(m.string, tuple | list) else [m.string]
        # and a guess with nothing in it is only "not translated"
        m.flags = flags | {"fuzzy"} if any(strings) else flags
    return catalog


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalog: GNU's ``.mo`` format, translated messages only (no fuzzy ones),
    ids sorted by their UTF-8 bytes, as the format asks (GNU's tools read it too)."""
    entries: dict[bytes, bytes] = {}
    for m in catalog:
        if m.fuzzy and m.id:
            continue
        if isinstance(m.id, tuple | list):
            forms = [str(s or "") for s in (m.string or ())]
            if not any(forms):
                continue
            key = "\0".join(str(i) for i in m.id)
            value = "\0".join(forms)
        else:
            if not m.string and m.id:
                continue
            key, value = str(m.id), str(m.string or "")
        if m.context:
            key = f"{m.context}{CONTEXT_GLUE}{key}"
        entries[key.encode()] = value.encode()
    keys = sorted(entries)
    n = len(keys)
    ids_at, strs_at = 28, 28 + 8 * n
    data_at = strs_at + 8 * n
    blob = io.BytesIO()
    ids, strs = [], []
    for k in keys:
        ids.append((len(k), data_at + blob.tell()))
        blob.write(k + b"\0")
    for k in keys:
        v = entries[k]
        strs.append((len(v), data_at + blob.tell()))
        blob.write(v + b"\0")
    head = struct.pack("<7I", MAGIC, 0, n, ids_at, strs_at, 0, data_at)
    table = b"".join(struct.pack("<2I", *e) for e in ids + strs)
    return head + table + blob.getvalue()


def web_catalog(catalog: Catalog, lang: str = "en") -> dict[str, Any]:
    """What the web pages get: their translated messages, the plural rule (gettext's C
    expression, which ``static/js/i18n.js`` evaluates), ``lang`` and ``dir``. A message with a
    context is found under ``context + "\\x04" + id``, as in a ``.mo`` file."""
    messages: dict[str, str | list[str]] = {}
    for m in catalog:
        if not m.id or m.fuzzy or not any(f.startswith(WEB_SOURCES) for f, _ in m.locations):
            continue
        key = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
        if m.context:
            key = f"{m.context}{CONTEXT_GLUE}{key}"
        if isinstance(m.id, tuple | list):
            forms = [str(s) for s in m.string or ()]
            if all(forms):
                messages[key] = forms
        elif m.string:
            messages[key] = str(m.string)
    return {
        "lang": lang.replace("_", "-"),
        "dir": direction(lang),
        "plural": catalog.plural_expr,
        "messages": dict(sorted(messages.items())),
    }


def web_json(catalog: Catalog, lang: str) -> bytes:
    """``lang`` as loosen names the catalog (``zh_CN``; Babel would say ``zh_Hans_CN``)."""
    data = web_catalog(catalog, lang)
    return (json.dumps(data, ensure_ascii=False, indent=0) + "\n").encode()


def compiled(lang: str, locale_dir: Path = LOCALE_DIR) -> dict[Path, bytes]:
    """The files compiled from a language's ``.po``: ``loosen.mo`` and ``web.json``."""
    catalog = read(po_path(lang, locale_dir), lang)
    folder = po_path(lang, locale_dir).parent
    return {
        folder / f"{DOMAIN}.mo": mo_bytes(catalog),
        folder / "web.json": web_json(catalog, lang),
    }


def write_files(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write what changed; returns the paths written."""
    out = []
    for path, data in files:
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            out.append(path)
    return out


def time_patterns() -> bytes:
    """Every CLDR locale's short time pattern and day periods, for ``formats.time_of_day``."""
    from babel import Locale, localedata

    table: dict[str, list[str]] = {}
    for name in sorted(localedata.locale_identifiers()):
        loc = Locale.parse(name)
        pattern = loc.time_formats["short"].pattern
        entry = [pattern]
        if "a" in pattern or "B" in pattern:
            periods = loc.day_periods["format"]["abbreviated"]
            entry += [str(periods.get("am", "AM")), str(periods.get("pm", "PM"))]
        table[name] = entry
        if loc.script and loc.territory:  # zh_Hans_CN is also zh_CN, as POSIX locales say it
            table.setdefault(f"{loc.language}_{loc.territory}", entry)
    return (json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
