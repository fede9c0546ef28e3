"""Messages in a context (gettext's ``msgctxt``): the same English words that mean different
things in different places are different messages, each translated for its place, in Python
(``pgettext``, ``npgettext``, ``NC_``) and in the compiled catalogs the web pages get; and every
message of the sources reaches the template."""

from __future__ import annotations

import ast
import gettext
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file

from loosen import i18n
from loosen.i18n import NC_, _, build, ngettext, npgettext, pgettext
from loosen.i18n.check import language_problems
from loosen.i18n.mo import MoCatalog

SRC = Path(__file__).resolve().parents[2] / "src" / "loosen"


def german() -> Catalog:
    c = Catalog(locale="de")
    web = [("src/loosen/web/static/js/player.js", 1)]
    c.add("Start", "Starten", web)
    c.add("Start", "Beginn", [("src/loosen/settings_help.py", 1)], context="working hours")
    c.add("skipped", "ausgelassen", web, context="routine step")
    c.add(
        ("%(n)s skipped", "%(n)s skipped"),
        ("%(n)s ausgelassene Pause", "%(n)s ausgelassene Pausen"),
        web,
        context="break count",
    )
    c.add(("%(n)s break", "%(n)s breaks"), ("%(n)s Pause", "%(n)s Pausen"), web)
    return c


@pytest.fixture
def speak_german() -> Iterator[None]:
    i18n.use("de", MoCatalog(build.mo_bytes(german())))
    try:
        yield
    finally:
        i18n.activate("en")


def test_each_context_has_its_own_translation(speak_german: None) -> None:
    assert _("Start") == "Starten"
    assert pgettext("working hours", "Start") == "Beginn"
    assert pgettext("routine step", "skipped") == "ausgelassen"
    assert (
        npgettext("break count", "%(n)s skipped", "%(n)s skipped", 1) == "%(n)s ausgelassene Pause"
    )
    assert (
        npgettext("break count", "%(n)s skipped", "%(n)s skipped", 3) == "%(n)s ausgelassene Pausen"
    )
    assert ngettext("%(n)s break", "%(n)s breaks", 2) == "%(n)s Pausen"
    # a context the catalog does not have is English, not another context's translation
    assert pgettext("timeline event: a break", "skipped") == "skipped"
    assert npgettext("nowhere", "%(n)s skipped", "%(n)s skips", 2) == "%(n)s skips"


def test_a_label_marked_with_its_context_is_translated_in_it_where_shown(
    speak_german: None,
) -> None:
    label = NC_("working hours", "Start")
    assert label == "Start"  # the English text, as any string
    assert _(label) == "Beginn"
    assert _("Start") == "Starten"
    from loosen.settings_help import HELP

    assert _(HELP["hours.start"].label) == "Beginn"


def test_english_is_its_own_translation_in_every_context() -> None:
    assert pgettext("working hours", "Start") == "Start"
    assert npgettext("break count", "%(n)s skipped", "%(n)s skips", 1) == "%(n)s skipped"
    assert npgettext("break count", "%(n)s skipped", "%(n)s skips", 0) == "%(n)s skips"
    assert _(NC_("working hours", "End")) == "End"


def test_the_compiled_catalog_is_gettexts_own_format() -> None:
    """Python's gettext reads the same keys (context, then \\x04, then the id)."""
    gnu = gettext.GNUTranslations(io.BytesIO(build.mo_bytes(german())))
    assert gnu.pgettext("working hours", "Start") == "Beginn"
    assert gnu.gettext("Start") == "Starten"
    assert (
        gnu.npgettext("break count", "%(n)s skipped", "%(n)s skipped", 2)
        == "%(n)s ausgelassene Pausen"
    )


def test_the_web_pages_find_a_context_message_under_its_context() -> None:
    messages = build.web_catalog(german(), "de")["messages"]
    assert messages["Start"] == "Starten"
    assert messages["routine step\x04skipped"] == "ausgelassen"
    assert messages["break count\x04%(n)s skipped"] == [
        "%(n)s ausgelassene Pause",
        "%(n)s ausgelassene Pausen",
    ]
    assert "working hours\x04Start" not in messages  # not a message of the web pages


def test_the_check_names_the_context_of_a_message_to_translate() -> None:
    template = german()
    lang = Catalog(locale="de")
    lang.language_team = "Deutsch (wants native review)"
    lang.add("Start", "Starten")
    lang.add("Start", "", context="working hours")
    problems = language_problems(lang, template)
    assert '"Start" (working hours): not translated.' in problems
    assert '"skipped" (routine step): missing; run `scripts/i18n.py update`.' in problems
    assert not any(p.startswith('"Start":') for p in problems)


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return build.extract()


def test_the_words_that_mean_different_things_are_different_messages(
    extracted: Catalog,
) -> None:
    def where(msgid: str, context: str | None = None) -> set[str]:
        m = extracted.get(msgid, context=context)
        assert m is not None, (msgid, context)
        return {f for f, _n in m.locations}

    # a button's "Start" and the setting "Start" (of the working hours)
    assert "src/loosen/settings_help.py" not in where("Start")
    assert where("Start", "working hours") == {"src/loosen/settings_help.py"}
    assert where("End", "working hours") == {"src/loosen/settings_help.py"}
    # "skipped": a count of breaks, one step of a routine, one break on the timeline
    assert extracted.get("skipped") is None
    assert where("skipped", "routine step") == {"src/loosen/web/static/js/player.js"}
    assert where("skipped", "timeline event: a break") == {"src/loosen/web/static/js/timeline.js"}
    assert where("skipped", "break count") == {"src/loosen/web/static/js/dashboard.js"}
    assert extracted.get("snoozed") is None


CALL = re.compile(r"(?<![\w.$])(?:tr|ntr|ptr|nptr)\(")


@pytest.mark.parametrize(
    "module", sorted(p.name for p in (SRC / "web" / "static" / "js").glob("*.js"))
)
def test_every_translation_call_of_the_web_modules_is_extracted(module: str) -> None:
    """Babel's JavaScript extractor does not see a call inside another one's arguments
    (``tr("... %(x)s", { x: tr("now") })``): such a message would never reach the catalogs."""
    if module == "i18n.js":
        return  # where tr() and the others are defined
    path = SRC / "web" / "static" / "js" / module
    calls = len(CALL.findall(path.read_text("utf-8")))
    found = list(extract_from_file("javascript", str(path), keywords=build.KEYWORDS))
    assert len(found) == calls, f"{module}: a tr() inside another call's arguments?"


MARKERS = {"_", "ngettext", "pgettext", "npgettext", "N_", "NC_"}


def test_no_message_is_written_inside_an_f_string() -> None:
    """Babel's Python extractor does not look inside f-strings: ``f"{_('Go on')}"`` is never
    extracted, so never translated."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in MARKERS
                    and any(isinstance(a, ast.Constant) for a in call.args)
                ):
                    found.append(f"{path.relative_to(SRC)}:{call.lineno}: {ast.unparse(call)}")
    assert found == []


def test_the_forwarding_and_sign_in_pages_are_in_the_template(extracted: Catalog) -> None:
    for msgid in ("Go on", "Opening loosen"):
        m = extracted.get(msgid)
        assert m is not None, msgid
        assert {f for f, _n in m.locations} == {
            "src/loosen/service/forward.py",
            "src/loosen/web/pages.py",
        }
