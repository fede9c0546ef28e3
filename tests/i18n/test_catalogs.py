"""The catalogs tell the truth: the template has every message of the sources, each language
is merged and compiled from it, and a shipped language is complete (no message missing or
fuzzy, placeholders as in the source, every plural form, CLDR's plural rule).

SHIPPED_LANGUAGES lists the languages whose translation is complete; a translator adds theirs
when ``scripts/i18n.py check LANG`` says "complete" (docs/translating.md). Every other catalog is
still checked for what it already has.
"""

from __future__ import annotations

import typing

import pytest
from babel.messages.catalog import Catalog

from loosen.config import Language
from loosen.i18n import build
from loosen.i18n.check import language_problems, message_problems, source_problems
from loosen.i18n.languages import LANGUAGES

ALL_LANGUAGES = ["de", "es", "fr", "it", "ja", "nl", "pl", "pt_BR", "zh_CN"]

#: complete translations (each one's test below demands every message)
SHIPPED_LANGUAGES: list[str] = list(ALL_LANGUAGES)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return build.read(build.TEMPLATE)


def test_the_template_is_up_to_date_with_the_sources() -> None:
    fresh = build.po_text(build.extract())
    committed = build.TEMPLATE.read_text("utf-8")
    assert build.without_dates(committed) == build.without_dates(fresh), (
        "src/loosen/locale/loosen.pot is out of date: run `scripts/i18n.py all` and commit"
    )


def test_our_messages_use_named_placeholders(template: Catalog) -> None:
    assert source_problems(template) == []


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_each_language_is_merged_from_the_template_and_compiled(
    lang: str, template: Catalog
) -> None:
    path = build.po_path(lang)
    merged = build.po_text(build.update(lang, template))
    assert build.without_dates(path.read_text("utf-8")) == build.without_dates(merged), (
        f"{path} is not up to date with the template: run `scripts/i18n.py all`"
    )
    for out, data in build.compiled(lang).items():
        assert out.read_bytes() == data, f"{out} is stale: run `scripts/i18n.py compile`"


def test_the_time_patterns_are_compiled() -> None:
    assert (build.LOCALE_DIR / "time_patterns.json").read_bytes() == build.time_patterns()


def test_the_languages_offered_are_the_catalogs_shipped() -> None:
    assert build.languages() == sorted(ALL_LANGUAGES) == sorted(LANGUAGES)
    assert list(typing.get_args(Language)) == ["", "en", *sorted(LANGUAGES)]
    assert set(SHIPPED_LANGUAGES) <= set(ALL_LANGUAGES)
    from loosen.settings_help import HELP

    listed = HELP["ui.language"].form
    assert all(f'`"{lang}"`' in listed for lang in ["en", *LANGUAGES]), listed


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_a_language_is_complete_once_shipped(lang: str, template: Catalog) -> None:
    """Shipped: no problem at all. Not yet: what is translated is right, and the headers are."""
    catalog = build.read(build.po_path(lang), lang)
    problems = language_problems(catalog, template)
    if lang in SHIPPED_LANGUAGES:
        assert problems == []
        return
    wrong = [p for p in problems if not p.endswith("not translated.")]
    assert wrong == []
    assert "wants native review" in (catalog.language_team or "")


def _catalog(*entries: tuple[object, object, bool]) -> Catalog:
    c = Catalog(locale="pl")
    for msgid, msgstr, fuzzy in entries:
        c.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])  # type: ignore[arg-type]
    return c


def test_the_check_names_each_problem_a_translator_must_fix() -> None:
    template = _catalog(
        ("Time to move", None, False),
        ("%(minutes)s min now.", None, False),
        (("%(n)s break", "%(n)s breaks"), None, False),
        ("Skip", None, False),
        ("Snooze", None, False),
    )
    lang = _catalog(
        ("Time to move", "Czas się ruszyć", True),
        ("%(minutes)s min now.", "Już %(minuty)s min.", False),
        (("%(n)s break", "%(n)s breaks"), ("%(n)s przerwa", "", "%(n)s przerw"), False),
        ("Skip", "", False),
    )
    lang.language_team = "Polski (wants native review)"
    assert language_problems(lang, template) == [
        '"Time to move": marked fuzzy; check the translation, then remove the fuzzy flag.',
        "\"%(minutes)s min now.\": the translation has placeholders ['minuty']; the source has "
        "['minutes'].",
        '"%(n)s break": 2 of 3 plural forms translated; fill every msgstr[N].',
        '"Skip": not translated.',
        '"Snooze": missing; run `scripts/i18n.py update`.',
    ]


def test_a_complete_translation_passes_the_check() -> None:
    template = _catalog(
        ("Time to move", None, False), (("%(n)s break", "%(n)s breaks"), None, False)
    )
    lang = _catalog(
        ("Time to move", "Czas się ruszyć", False),
        (
            ("%(n)s break", "%(n)s breaks"),
            ("%(n)s przerwa", "%(n)s przerwy", "%(n)s przerw"),
            False,
        ),
    )
    lang.language_team = "Polski (wants native review)"
    assert language_problems(lang, template) == []
    one_form = (("%(n)s break", "%(n)s breaks"), ("przerwa", "przerwy", "przerw"), False)
    assert list(message_problems(list(_catalog(one_form))[1], 3)) == [
        f"\"%(n)s break\": msgstr[{i}] has placeholders []; the source has ['n']." for i in range(3)
    ]
