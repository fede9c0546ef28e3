"""Every page of the web app in the pseudo-locale: no English message left, lang and dir set,
nothing wider than a 390 px phone screen although every text is a third longer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import NARROW, Web, browser  # noqa: F401 (fixture)
from tests.conftest import Home
from tests.i18n.pseudo import leaks, source_messages
from tests.service.conftest import Service

PAGES = ["/", "/routines", "/history", "/settings", "/checkin", "/routine/desk-short"]


@pytest.fixture
def web_xa(home: Home, pseudo_dir: Path) -> Iterator[Web]:
    env = {
        "DISPLAY": "",
        "DBUS_SESSION_BUS_ADDRESS": "",
        "LANG": "xa.UTF-8",
        "LOOSEN_LOCALE_DIR": str(pseudo_dir),
    }
    service = Service(home, env)
    service.start()
    try:
        yield Web(service, home)
    finally:
        service.stop()


def _signed_in(browser: Browser, web: Web) -> Page:  # noqa: F811
    ctx = browser.new_context(viewport=NARROW, locale="en-GB", timezone_id="UTC")
    page = ctx.new_page()
    page.goto(web.login_url())
    page.wait_for_url(web.url("/"))
    return page


def test_every_page_speaks_the_catalogs_language_at_phone_width(
    browser: Browser,  # noqa: F811
    web_xa: Web,
) -> None:
    page = _signed_in(browser, web_xa)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    messages = source_messages()
    for path in PAGES:
        page.goto(web_xa.url(path))
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # the modules fill the page from the API
        assert page.evaluate("document.documentElement.lang") == "xa", path
        assert page.evaluate("document.documentElement.dir") == "ltr", path
        text = page.evaluate("document.body.innerText")
        title = page.title()
        assert title.startswith("⟦"), (path, title)
        assert "⟦" in text, path
        assert leaks(text, "xa", messages) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (path, width)
    assert errors == []
    # the language is chosen on the settings page, each by its own name
    page.goto(web_xa.url("/settings"))
    options = page.locator("select option")
    page.wait_for_function(
        "() => [...document.querySelectorAll('option')].some(o => o.value === 'pt_BR')"
    )
    texts = options.all_inner_texts()
    assert {"Deutsch", "日本語", "Português (Brasil)", "English"} <= set(texts), texts
    page.context.close()


def test_the_login_page_is_translated_too(browser: Browser, web_xa: Web) -> None:  # noqa: F811
    ctx = browser.new_context(viewport=NARROW)
    page = ctx.new_page()
    page.goto(web_xa.url("/"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "xa"
    assert leaks(page.evaluate("document.body.innerText"), "xa") == []
    ctx.close()
