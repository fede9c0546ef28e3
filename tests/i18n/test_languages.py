"""Every language loosen has a catalog for, on every command's --help and every web page: no
English is left where the catalog has a translation, and no page is wider than a phone (390 px).

Until the translations are written, the catalogs translate nothing, so the first check finds
nothing to look for; it starts to bite message by message as translators fill them in (and the
completeness check, test_catalogs.py, demands all of it once a language is in
SHIPPED_LANGUAGES)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Browser

from loosen.i18n import build
from tests.browser.conftest import NARROW, Web, browser  # noqa: F401 (fixture)
from tests.conftest import Home
from tests.i18n import pseudo
from tests.i18n.test_catalogs import ALL_LANGUAGES
from tests.i18n.test_pseudo_locale import command_paths
from tests.i18n.test_web_pseudo import PAGES
from tests.service.conftest import Service


def translated(lang: str) -> list[str]:
    """The source texts (two words or more) that this language's catalog translates."""
    out = []
    for m in build.read(build.po_path(lang), lang):
        ids = list(m.id) if isinstance(m.id, tuple | list) else [m.id]
        strings = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
        if not m.id or m.fuzzy or not all(strings):
            continue
        for text, string in zip(ids, strings, strict=False):
            plain = " ".join(text.split())
            if " " in plain and plain not in " ".join(str(string).split()):
                out.append(plain)
    return out


def untranslated(lang: str) -> list[str]:
    """The messages of the sources this language's catalog does not translate (yet), longest
    first: shown in English, rightly, even where a shorter message inside one of them is
    translated ("got up by yourself" in "times you got up by yourself")."""
    done = set()
    for m in build.read(build.po_path(lang), lang):
        strings = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
        if m.id and not m.fuzzy and all(strings):
            done.add((m.id if isinstance(m.id, str) else m.id[0], m.context))
    out = set()
    for m in pseudo.template():
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        if m.id and (ids[0], m.context) not in done:
            out |= {" ".join(text.split()) for text in ids}
    return sorted(out, key=len, reverse=True)


def english_left(text: str, messages: list[str], english: Sequence[str] = ()) -> list[str]:
    """The translated messages that ``text`` shows in English (outside the untranslated ones)."""
    flat = " ".join(text.split())
    for m in english:
        if " " in m:
            flat = flat.replace(m, " ")
    return [m for m in messages if m in flat]


def locale_of(lang: str) -> dict[str, str]:
    return {"LANG": f"{lang}.UTF-8", "LANGUAGE": "", "LC_ALL": ""}


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_commands_help_in_each_language(home: Home, lang: str) -> None:
    messages, english = translated(lang), untranslated(lang)
    paths = command_paths()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda p: home.run(*p, "--help", env=locale_of(lang)), paths))
    for path, r in zip(paths, results, strict=True):
        assert r.code == 0, (path, r.err)
        assert english_left(r.out, messages, english) == [], (lang, path)


@pytest.fixture
def web_in(home: Home, request: pytest.FixtureRequest) -> Iterator[Web]:
    env = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "", **locale_of(request.param)}
    service = Service(home, env)
    service.start()
    try:
        yield Web(service, home)
    finally:
        service.stop()


@pytest.mark.parametrize("web_in", ALL_LANGUAGES, indirect=True)
def test_every_page_in_each_language_at_phone_width(
    browser: Browser,  # noqa: F811
    web_in: Web,
    request: pytest.FixtureRequest,
) -> None:
    lang = request.node.callspec.params["web_in"]
    messages = translated(lang)
    english = untranslated(lang)
    ctx = browser.new_context(viewport=NARROW, timezone_id="UTC")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(web_in.login_url())
    page.wait_for_url(web_in.url("/"))
    for path in PAGES:
        page.goto(web_in.url(path))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == lang.replace("_", "-"), path
        text = page.evaluate("document.body.innerText")
        assert english_left(text, messages, english) == [], (lang, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (lang, path, width)
    assert errors == []
    ctx.close()
