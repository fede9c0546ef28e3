#!/usr/bin/env python3
"""loosen's translations, from the sources to the compiled catalogs (docs/translating.md).

    .venv/bin/python scripts/i18n.py extract        # sources -> src/loosen/locale/loosen.pot
    .venv/bin/python scripts/i18n.py update         # the template into every language's .po
    .venv/bin/python scripts/i18n.py compile        # every .po -> loosen.mo and web.json
    .venv/bin/python scripts/i18n.py init LANG NAME # a new language (e.g. init sv Svenska)
    .venv/bin/python scripts/i18n.py check LANG...  # what keeps LANG from being complete
    .venv/bin/python scripts/i18n.py all            # extract, update, compile

`check` exits 1 when a language has a problem and prints each one; a translator runs it (with
`compile`) before sending a translation.
"""

from __future__ import annotations

import sys

from loosen.i18n import build
from loosen.i18n.check import language_problems, source_problems


def extract() -> None:
    template = build.extract()
    problems = source_problems(template)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    text = build.po_text(template)
    old = build.TEMPLATE.read_text("utf-8") if build.TEMPLATE.exists() else ""
    if build.without_dates(old) != build.without_dates(text):
        build.TEMPLATE.write_text(text, "utf-8")
    print(f"{build.TEMPLATE.relative_to(build.ROOT)}: {len(template) - 0} messages")


def update(langs: list[str]) -> None:
    template = build.read(build.TEMPLATE)
    for lang in langs or build.languages():
        catalog = build.update(lang, template)
        path = build.po_path(lang)
        old = path.read_text("utf-8")
        text = build.po_text(catalog)
        if build.without_dates(old) != build.without_dates(text):
            path.write_text(text, "utf-8")
            print(f"updated {path.relative_to(build.ROOT)}")


def compile_(langs: list[str]) -> None:
    patterns = build.LOCALE_DIR / "time_patterns.json"
    for path in build.write_files([(patterns, build.time_patterns())]):
        print(f"wrote {path.relative_to(build.ROOT)}")
    for lang in langs or build.languages():
        for path in build.write_files(build.compiled(lang).items()):
            print(f"wrote {path.relative_to(build.ROOT)}")


def init(lang: str, name: str) -> None:
    path = build.po_path(lang)
    if path.exists():
        sys.exit(f"{path} exists already; run `update` to bring it up to date.")
    catalog = build.new_language(lang, build.read(build.TEMPLATE), name)
    path.parent.mkdir(parents=True)
    path.write_text(build.po_text(catalog), "utf-8")
    print(f"created {path.relative_to(build.ROOT)}; add {lang!r} to loosen/i18n/languages.py")


def check(langs: list[str]) -> None:
    template = build.read(build.TEMPLATE)
    bad = 0
    for lang in langs or build.languages():
        problems = language_problems(build.read(build.po_path(lang), lang), template)
        print(f"{lang}: {'complete' if not problems else f'{len(problems)} problems'}")
        for p in problems[:200]:
            print(f"  {p}")
        if len(problems) > 200:
            print(f"  ... and {len(problems) - 200} more")
        bad += bool(problems)
    if bad:
        sys.exit(1)


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    cmd, rest = argv[0], argv[1:]
    if cmd == "extract":
        extract()
    elif cmd == "update":
        update(rest)
    elif cmd == "compile":
        compile_(rest)
    elif cmd == "init" and len(rest) == 2:
        init(rest[0], rest[1])
    elif cmd == "check":
        check(rest)
    elif cmd == "all":
        extract()
        update(rest)
        compile_(rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
