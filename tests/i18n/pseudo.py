"""Test-only pseudo-locales made from the template, to prove the machinery before real
translations exist: every message is translated, visibly, so any English left on a screen is a
message that did not go through the catalog.

* ``xa`` wraps each message in ⟦ ⟧ and makes it about a third longer (one word in three doubled,
  like the compounds of German), keeping placeholders, inline markup and `code` spans intact;
* ``xc`` writes each message in full-width letters inside 「 」 (two terminal cells each, as in
  Japanese or Chinese).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog

from loosen.i18n import build

KEEP = re.compile(r"%\(\w+\)s|%%|\{\w*(?:![rsa])?\}|</?\w+>|`[^`]*`|\n")


def _pieces(text: str) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in KEEP.finditer(text):
        if m.start() > pos:
            out.append((True, text[pos : m.start()]))
        out.append((False, m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append((True, text[pos:]))
    return out


def _longer(words: str) -> str:
    return " ".join(
        w + w.lower() if i % 3 == 2 and w.isalpha() else w for i, w in enumerate(words.split(" "))
    )


def _wide(words: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in words
    )


def pseudo(text: str, lang: str) -> str:
    change = _longer if lang == "xa" else _wide
    body = "".join(change(p) if free else p for free, p in _pieces(text))
    return f"⟦{body}⟧" if lang == "xa" else f"「{body}」"


BRACKETS = {"xa": ("⟦", "⟧"), "xc": ("「", "」")}


@cache
def template() -> Catalog:
    """Every message of the sources as they are now (extracted afresh: a message added since the
    committed template was extracted is still in the pseudo-locales; the catalog test says when
    the committed template is out of date)."""
    return build.extract()


def make(root: Path, lang: str) -> Path:
    """A locale folder under ``root`` with ``lang`` compiled as loosen ships its catalogs."""
    catalog = Catalog(locale=None, domain="loosen", charset="utf-8")
    catalog.plural_forms  # noqa: B018 (the default, English-like rule)
    for m in template():
        if not m.id:
            continue
        if isinstance(m.id, tuple | list):
            string: str | tuple[str, ...] = (pseudo(m.id[0], lang), pseudo(m.id[1], lang))
        else:
            string = pseudo(m.id, lang)
        catalog.add(m.id, string, list(m.locations), context=m.context)
    folder = root / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "loosen.mo").write_bytes(build.mo_bytes(catalog))
    web = build.web_catalog(catalog, lang)
    (folder / "web.json").write_text(json.dumps(web, ensure_ascii=False), "utf-8")
    return root


def outside(text: str, lang: str) -> str:
    """What ``text`` shows outside the pseudo-translations' brackets."""
    a, b = BRACKETS[lang]
    out: list[str] = []
    depth = 0
    for line in text.split("\n"):
        for c in line:
            if c == a:
                depth += 1
            elif c == b:
                depth = max(0, depth - 1)
                out.append(" ")
            elif depth == 0:
                out.append(c)
        out.append("\n")
        if line.rstrip().endswith("..."):  # click cut a long line short, and its bracket
            depth = 0
    return "".join(out)


def source_messages() -> list[str]:
    """Every message of the template with words in it, whitespace squashed (plural forms too)."""
    out = []
    for m in template():
        for text in m.id if isinstance(m.id, tuple | list) else [m.id]:
            plain = " ".join(KEEP.sub(" ", text).split())
            if text and re.search(r"[A-Za-z]{3,}", plain):
                out.append(" ".join(text.split()))
    return out


def leaks(text: str, lang: str, messages: list[str] | None = None) -> list[str]:
    """Source messages (at least two words long) that appear in ``text`` untranslated."""
    rest = " ".join(outside(text, lang).split())
    return [
        m
        for m in (messages if messages is not None else source_messages())
        if " " in m.strip() and m in rest
    ]
