from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import BrowserContext, Page, expect

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.browser.conftest import NARROW, Web, axe_violations, fetch, shoot
from tests.conftest import Home
from tests.service.conftest import Service


def test_a_page_opened_without_the_ticket_explains_how_to_get_in(
    context: BrowserContext, web: Web
) -> None:
    p = context.new_page()
    response = p.goto(web.url("/history"))
    assert response is not None and response.status == 401
    expect(p.get_by_role("heading", level=1)).to_have_text("Open loosen from your computer")
    expect(p.get_by_text("loosen open", exact=True).first).to_be_visible()
    # the API refuses too
    status, body = fetch(p, "/api/status")
    assert status == 401 and body["ok"] is False


def test_a_ticket_works_once_and_leaves_an_httponly_strict_cookie(
    context: BrowserContext, web: Web
) -> None:
    url = web.login_url("history")
    p = context.new_page()
    p.goto(url)
    p.wait_for_url(web.url("/history"))
    cookie = next(c for c in context.cookies() if c["name"] == "loosen_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "ticket" not in p.url
    # the same ticket in a fresh browser gets nothing
    other = context.browser.new_context()  # type: ignore[union-attr]
    q = other.new_page()
    assert q.goto(url).status == 401  # type: ignore[union-attr]
    other.close()


def test_the_dashboard_ticks_live_and_takes_a_break(page: Page, web: Web) -> None:
    page.clock.install()
    page.reload()
    sitting = page.locator("#sitting")
    # minutes in words ("19 min", "1 h 15 min"), not a clock that reads like a time of day
    expect(sitting).to_have_text(re.compile(r"^\d+ min$"))
    first = int(sitting.inner_text().split()[0])
    page.clock.fast_forward("02:00")
    expect(sitting).to_have_text(f"{first + 2} min")  # it ticks without a reload
    expect(page.locator("#next-line")).to_contain_text("Next break at")
    # a command from elsewhere (the CLI) reaches the open page through the event stream
    web.home.run("pause", "30m")
    expect(page.locator("#mode-line")).to_contain_text("paused until")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#mode-line")).not_to_contain_text("paused")
    # take a break from the page: it goes to the break routine
    page.get_by_role("button", name="Take a break now").click()
    page.wait_for_url(re.compile(r"/routine/desk-short"))
    events = web.api("GET", "/api/timeline")["events"]
    assert "break-started" in [e["kind"] for e in events]


def test_the_dashboard_has_no_serious_accessibility_problems(page: Page, web: Web) -> None:
    expect(page.locator("#sitting")).to_have_text(re.compile(r"\d"))
    page.wait_for_selector("#timeline svg")
    shoot(page, "dashboard-desktop")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROW)
    # the timeline is drawn again at the phone's width, with fewer hour labels
    page.wait_for_function(
        "() => document.querySelector('#timeline svg').viewBox.baseVal.width < 400"
    )
    shoot(page, "dashboard-narrow")
    assert axe_violations(page) == []


def test_a_meeting_now_shows_on_the_dashboard_and_its_timeline(
    context: BrowserContext, home: Home
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ics = home.config.parent / "work.ics"
    ics.parent.mkdir(parents=True, exist_ok=True)
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:standup@test\r\nDTSTAMP:{now:%Y%m%dT%H%M%SZ}\r\n"
        f"DTSTART:{now - timedelta(minutes=10):%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{now + timedelta(minutes=50):%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:Design review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert home.run("calendar", "add", str(ics)).code == 0
    service = Service(home, {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}).start()
    try:
        web = Web(service, home)
        p = context.new_page()
        p.goto(web.login_url())
        expect(p.locator("#busy-line")).to_contain_text("Design review", timeout=20000)
        expect(p.locator("#busy-line")).to_contain_text("breaks wait until it ends")
        expect(p.locator("#timeline .busy")).to_have_count(1, timeout=10000)
        expect(p.locator("#timeline-list")).to_contain_text("Design review (meeting) from")
        shoot(p, "dashboard-meeting")
    finally:
        service.stop()


def test_a_break_that_comes_due_shows_on_the_open_page(context: BrowserContext, home: Home) -> None:
    # an hour of sitting, less a few seconds, was going on when the service (re)started
    now = datetime.now(UTC)
    with History(home.data / "history.sqlite3") as h:
        log = ActivityLog(h)
        log.start_bout(now - timedelta(minutes=60) + timedelta(seconds=6))
        log.checkpoint(now)
    env = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "", "LOOSEN_BREAKS_HEADS_UP_SECONDS": "0"}
    service = Service(home, env).start()
    try:
        web = Web(service, home)
        p = context.new_page()
        p.goto(web.login_url())
        # minutes in words, not "59:54", which reads like a time of day
        expect(p.locator("#sitting")).to_have_text(re.compile(r"^(59 min|1 h)$"))
        prompt = p.locator("#prompt")
        expect(prompt).to_be_visible(timeout=20000)
        expect(prompt).to_contain_text("You've been sitting for 60 min")
        expect(prompt.get_by_role("heading")).to_have_text("Time to move")
        # a page opened now shows the same prompt
        q = context.new_page()
        q.goto(web.url("/"))
        expect(q.locator("#prompt")).to_contain_text("You've been sitting for 60 min")
        q.close()
        p.get_by_role("button", name="Snooze").first.click()
        expect(prompt).to_be_hidden()
        expect(p.locator("#t-snoozed")).to_have_text("1")
    finally:
        service.stop()
