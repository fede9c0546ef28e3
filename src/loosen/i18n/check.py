"""What makes a language complete and correct (``scripts/i18n.py check`` and the tests).

A shipped language has every message of the template translated, none fuzzy, each translation
with exactly the named placeholders of its source (``%(minutes)s``), every plural form
filled, the plural rule CLDR gives for the language, and a ``Language-Team`` header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

#: a named placeholder, in the style loosen uses
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
#: a placeholder of another style (refused in our sources; click's own messages use braces)
OTHER = re.compile(r"(?<!%)%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*(?:![rsa])?(?::[^{}]*)?\}")


BRACES = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> list[str]:
    """The named placeholders of ``text`` (click's own ``{name}`` ones too), sorted, once each."""
    return sorted(set(NAMED.findall(text)) | {f"{{{n}}}" for n in BRACES.findall(text)})


def _ids(m: Message) -> list[str]:
    return list(m.id) if isinstance(m.id, tuple | list) else [str(m.id)]


def _strings(m: Message) -> list[str]:
    if isinstance(m.string, tuple | list):
        return [str(s or "") for s in m.string]
    return [str(m.string or "")]


def short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def named(m: Message) -> str:
    """How a problem names a message: its id, quoted, and its context (``msgctxt``) if any."""
    return f'"{short(_ids(m)[0])}"' + (f" ({m.context})" if m.context else "")


def message_problems(m: Message, nplurals: int) -> Iterator[str]:
    ids, strings = _ids(m), _strings(m)
    where = named(m)
    if m.fuzzy:
        yield f"{where}: marked fuzzy; check the translation, then remove the fuzzy flag."
    if not any(strings):
        yield f"{where}: not translated."
        return
    if len(ids) > 1:
        if len(strings) != nplurals or not all(strings):
            yield (
                f"{where}: {sum(1 for s in strings if s)} of {nplurals} plural forms "
                "translated; fill every msgstr[N]."
            )
        want = placeholders(ids[1])
        for i, s in enumerate(strings):
            got = placeholders(s)
            if s and got != want:
                yield f"{where}: msgstr[{i}] has placeholders {got}; the source has {want}."
        return
    want, got = placeholders(ids[0]), placeholders(strings[0])
    if got != want:
        yield f"{where}: the translation has placeholders {got}; the source has {want}."


def language_problems(catalog: Catalog, template: Catalog) -> list[str]:
    """Everything that keeps ``catalog`` from being a complete, correct translation."""
    out: list[str] = []
    lang = str(catalog.locale)
    expected = get_plural(Locale.parse(lang))
    if catalog.num_plurals != expected.num_plurals or catalog.plural_expr != expected.plural_expr:
        out.append(
            f'Plural-Forms is "{catalog.plural_forms}"; CLDR says "{expected.plural_forms}" '
            f"for {lang}."
        )
    team = catalog.language_team or ""
    if not team or team.startswith("LANGUAGE"):
        out.append("The Language-Team header is missing.")
    for m in template:
        if not m.id:
            continue
        mine = catalog.get(m.id, context=m.context)
        if mine is None:
            out.append(f"{named(m)}: missing; run `scripts/i18n.py update`.")
            continue
        out.extend(message_problems(mine, catalog.num_plurals))
    for m in catalog:
        if m.id and template.get(m.id, context=m.context) is None:
            out.append(f"{named(m)}: not in the template any more; run update.")
    return out


def source_problems(template: Catalog) -> list[str]:
    """Messages of ours whose placeholders are not named ``%(name)s`` ones."""
    out = []
    for m in template:
        if not m.id or all(f.startswith("src/loosen/i18n/click_text.py") for f, _ in m.locations):
            continue
        for text in _ids(m):
            if OTHER.search(text.replace("%%", "")):
                where = ", ".join(f"{f}:{n}" for f, n in m.locations[:2])
                out.append(f'{where}: "{short(text)}" has a placeholder that is not %(name)s.')
    return out
