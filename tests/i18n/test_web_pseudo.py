"""Every page of the web app in the pseudo-locale: no English message left, lang and dir set,
nothing wider than a 390 px phone screen although every text is a third longer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import NARROW, Web, browser, shoot  # noqa: F401 (fixture)
from tests.conftest import Home
from tests.i18n.pseudo import leaks, outside, source_messages
from tests.service.conftest import Service
from tests.web.test_history_api import fill_history

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


# -- the states a page reaches only with data or by being used ------------------------------------


def english(text: str) -> list[str]:
    """The English words left outside every pseudo-translation: none, where every word of
    the text went through the catalog (numbers, times and punctuation may stay)."""
    return re.findall(r"[A-Za-z]{2,}", outside(text, "xa"))


def texts(within: Page | Locator, selector: str) -> list[str]:
    return within.locator(selector).all_inner_texts()


@pytest.fixture
def page_xa(browser: Browser, web_xa: Web) -> Iterator[Page]:  # noqa: F811
    page = _signed_in(browser, web_xa)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.context.close()
    assert errors == []


def test_the_players_start_page_every_kind_of_step_and_its_end(page_xa: Page, web_xa: Web) -> None:
    page = page_xa
    page.clock.pause_at(datetime.now(UTC))
    page.goto(web_xa.url("/routine/glutes"))  # on the floor and standing, with sides
    expect(page.locator("#start")).to_be_enabled()
    facts = texts(page, "#routine-facts li")  # about how long, how many moves, where
    assert len(facts) >= 3 and all(f.startswith("⟦") for f in facts), facts
    assert english(" ".join(facts)) == [], facts
    doses = texts(page, "#routine-list .dose")  # "30 s", "Hold 30 s each side", "10 reps"
    assert doses and english(" ".join(doses)) == [], doses
    shoot(page, "xa-player-start")
    page.locator("#start").click()
    kinds: set[str] = set()
    sides: set[str] = set()
    for _ in range(60):  # every step, one after the other (Skip)
        page.clock.run_for(200)
        kind = page.locator("#play").get_attribute("data-kind") or ""
        kinds.add(kind)
        sides.add(page.locator("#side-label").get_attribute("data-side") or "")
        shown = [
            page.locator("#phase").inner_text(),
            page.locator("#count-label").inner_text(),
            page.locator("#next").inner_text(),
            page.locator("#step-count").inner_text(),
            page.locator("#live").inner_text(),  # what a screen reader announces
            page.locator("#figure svg").get_attribute("aria-label") or "",
            page.locator("#time-left").inner_text(),
        ]
        if page.locator("#side-label").is_visible():
            shown.append(page.locator("#side-label").inner_text())
        assert english(" ".join(shown)) == [], (kind, shown)
        if page.locator("#step-count").inner_text().startswith("⟦Step 5 of"):
            break
        page.locator("#skip").click()
    assert {"move", "switch", "transition"} <= kinds and {"left", "right"} <= sides
    page.locator("#leave").click()
    page.locator("#leave-yes").click()
    expect(page.locator("#done")).to_be_visible()
    expect(page.locator("#done-break")).to_be_visible()
    assert page.title().startswith("⟦"), page.title()
    done = [page.locator(s).inner_text() for s in ("#done-title", "#done-line", "#done-list")]
    assert english(" ".join(done)) == [], done
    shoot(page, "xa-player-ended")


def test_a_routines_moves_in_the_catalogs_language(page_xa: Page, web_xa: Web) -> None:
    page = page_xa
    page.goto(web_xa.url("/routines#glutes"))
    card = page.locator('.routine[data-id="glutes"]')
    expect(card.locator(".move-card").first).to_be_visible()
    shown = texts(card, ".meta") + texts(card, ".timing") + texts(card, ".tags")
    assert english(" ".join(shown)) == [], shown


def test_the_settings_values_units_and_changes(page_xa: Page, web_xa: Web) -> None:
    page = page_xa
    page.goto(web_xa.url("/settings"))
    expect(page.locator("#s-breaks-interval_minutes")).to_be_visible()
    # a default as the page writes it: "· default 60 min", "· default on"; not the key's name
    meta = page.evaluate(
        """() => [...document.querySelectorAll('.setting')]
            .filter((row) => row.querySelector('.kind-bool, .kind-int, .kind-time'))
            .map((row) => [...row.querySelector('.meta').childNodes]
              .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.nodeValue).join(''))"""
    )
    assert len(meta) > 10 and english(" ".join(meta)) == [], meta
    units = texts(page, ".setting .unit")  # "min" and "s", and "minutes" for a screen reader
    assert units and english(" ".join(units)) == [], units
    labels = [page.locator(f'label[for="s-hours-{k}"]').inner_text() for k in ("start", "end")]
    assert all(label.startswith("⟦") for label in labels), labels
    page.locator("#s-breaks-interval_minutes").fill("30")
    page.locator("#s-breaks-snooze_minutes").fill("7")
    dirty = page.locator("#dirty-line").inner_text()
    assert "2" in dirty and english(dirty) == [], dirty


def test_todays_counts_and_the_next_break(page_xa: Page, web_xa: Web) -> None:
    page = page_xa
    page.goto(web_xa.url("/"))
    expect(page.locator("#next-line")).not_to_be_empty()
    shown = [*texts(page, "#totals .label"), page.locator("#next-line").inner_text()]
    assert all(s.startswith("⟦") for s in shown) and english(" ".join(shown)) == [], shown
    timeline = page.locator("#timeline").get_attribute("aria-label") or ""
    assert english(timeline) == [], timeline


@pytest.fixture
def filled_home(home: Home) -> Home:
    fill_history(home.data / "history.sqlite3")
    return home


def test_the_history_of_a_week_in_the_catalogs_language(
    filled_home: Home, page_xa: Page, web_xa: Web
) -> None:
    page = page_xa
    page.goto(web_xa.url("/history"))
    expect(page.locator("main")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#content")).to_be_visible()
    # the range ("27 Nov to 3 Dec 2026") and the chart summaries have dates inside their
    # messages; the labels of the counts, the streaks' units and the legends have words only
    shown = [page.locator("#range-line").inner_text()]
    shown += texts(page, ".stat .label") + texts(page, ".streak-now") + texts(page, ".legend span")
    shown += [page.locator(f"#c-{c}-summary").inner_text() for c in ("sitting", "bouts", "breaks")]
    assert english(" ".join(shown)) == [], shown
    section = page.locator("section", has=page.locator("#c-sitting"))
    section.locator("summary").click()
    over = section.locator("td").all_inner_texts()  # "over 8 hours": yes or no
    assert over and english(" ".join(over)) == [], over
    shoot(page, "xa-history")


def test_a_word_is_translated_for_its_place(page_xa: Page, web_xa: Web) -> None:
    """The same English word in two places, two messages: a catalog (served in place of the
    pseudo-locale's) translates each for its context, and a count in its plural form."""
    catalog = {
        "lang": "xa",
        "dir": "ltr",
        "plural": "n == 1 ? 0 : 1",
        "formats": None,
        "messages": {
            "skipped": "NO CONTEXT",
            "snoozed": "NO CONTEXT",
            "break count\x04skipped": ["a skipped break", "skipped breaks"],
            "break count\x04snoozed": ["a snoozed break", "snoozed breaks"],
            "routine step\x04skipped": "a skipped step",
            "timeline event: a break\x04skipped": "NOT A STEP",
        },
    }
    page = page_xa
    page.route("**/i18n.json", lambda route: route.fulfill(json=catalog))
    page.goto(web_xa.url("/"))
    expect(page.locator("#t-skipped")).to_have_text("0")
    expect(page.locator("#t-skipped-label")).to_have_text("skipped breaks")
    expect(page.locator("#t-snoozed-label")).to_have_text("snoozed breaks")
    page.goto(web_xa.url("/routine/desk-short"))
    page.locator("#start").click()
    page.locator("#skip").click()
    page.locator("#leave").click()
    page.locator("#leave-yes").click()
    expect(page.locator("#done-list li").first).to_contain_text("a skipped step")
