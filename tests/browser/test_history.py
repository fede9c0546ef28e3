"""The history page in Chromium: numbers from a known history, ranges, exports, the empty state."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, Web, axe_violations, fetch, shoot
from tests.conftest import Home
from tests.web.test_history_api import fill_history


def day(days_ago: int) -> datetime:
    return datetime.now().astimezone() - timedelta(days=days_ago)


def label(days_ago: int) -> str:
    """A day as the page writes it in en-GB: "Thu 26 Nov"."""
    d = day(days_ago)
    return f"{d:%a} {d.day} {d:%b}"


@pytest.fixture
def home(tmp_path: Path, request: pytest.FixtureRequest) -> Home:
    """A home whose history is filled before the service starts (unless asked for an empty one)."""
    h = Home(tmp_path / "config", tmp_path / "data")
    if getattr(request, "param", True):
        fill_history(h.data / "history.sqlite3")
    return h


def open_history(page: Page, web: Web, query: str = "") -> None:
    page.goto(web.url("/history" + query))
    expect(page.locator("main")).to_have_attribute("aria-busy", "false")


def test_the_history_shows_the_weeks_numbers_and_streaks(page: Page, web: Web) -> None:
    open_history(page, web)
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    expect(page.locator("#range-line")).to_contain_text("The last 7 days")
    expect(page.locator("#t-average-label")).to_contain_text("4 h 50 min over")
    expect(page.locator("#t-longest")).to_have_text("1 h 10 min")
    expect(page.locator("#t-longest-label")).to_contain_text(label(3))
    expect(page.locator("#t-breaks")).to_have_text("3")
    expect(page.locator("#t-declined")).to_have_text("1 / 1")
    # three sitting days in a row with a break; the 70-minute stretch ended the other streak
    expect(page.locator("#s-breaks-current")).to_have_text("3")
    expect(page.locator("#s-bouts-current")).to_have_text("2")
    expect(page.locator("#s-bouts-best")).to_contain_text("2 days")
    # each chart has a sentence for screen readers and its numbers in a table
    expect(page.get_by_role("img", name=re.compile("^Sitting per day, bar chart"))).to_be_visible()
    expect(page.locator("#c-sitting-summary")).to_contain_text("0 days over 8 hours")
    expect(page.locator("#c-hours-summary")).to_contain_text("you sit most between 09:00 and 10:00")
    section = page.locator("section", has=page.get_by_role("heading", name="Breaks per day"))
    section.get_by_text("Show the numbers").click()
    row = section.get_by_role("row", name=label(2))
    expect(row.get_by_role("cell")).to_have_text(["1", "0", "1", "0"])
    assert page.locator("#c-sitting canvas").count() == 1
    shoot(page, "history-desktop")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROW)
    # the charts are drawn again for the narrow width (under 380 px wide)
    narrow_width = re.compile(r"^([12]\d\d|3[0-7]\d)(\.\d+)?px$")
    expect(page.locator("#c-sitting canvas")).to_have_css("width", narrow_width)
    shoot(page, "history-narrow")
    assert axe_violations(page) == []


def test_switching_the_range_updates_the_charts_and_the_address(page: Page, web: Web) -> None:
    open_history(page, web)
    expect(page.locator("#c-sitting-table")).not_to_contain_text(label(20))
    page.get_by_text("Month", exact=True).click()
    expect(page).to_have_url(web.url("/history?range=month"))
    expect(page.locator("#range-line")).to_contain_text("The last 30 days")
    expect(page.locator("#t-average-label")).to_contain_text("7 h 20 min over")
    expect(page.locator("#t-longest")).to_have_text("2 h 30 min")
    expect(page.locator("#c-sitting-table")).to_contain_text(label(20))
    expect(page.locator("#export-csv")).to_have_attribute(
        "href", "/api/history/export.csv?range=month"
    )
    # the address keeps the range: a reload or the back button shows the same one
    page.reload()
    expect(page.get_by_label("Month")).to_be_checked()
    page.go_back()
    expect(page.get_by_label("Week")).to_be_checked()
    expect(page.locator("#t-average-label")).to_contain_text("4 h 50 min over")
    page.goto(web.url("/history?range=year"))
    expect(page.locator("#range-line")).to_contain_text("The last 365 days")
    expect(page.get_by_label("Year")).to_be_checked()
    page.emulate_media(color_scheme="dark")
    shoot(page, "history-year-dark")


def test_the_csv_download_and_a_bad_range(page: Page, web: Web) -> None:
    open_history(page, web)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == f"loosen-history-week-{day(0):%Y-%m-%d}.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text())))
    assert rows[0][:3] == ["date", "sitting_minutes", "longest_bout_minutes"]
    assert rows[4] == [f"{day(3):%Y-%m-%d}", "110", "70", "2", "1", "1", "1", "0", "1", "1", "0"]
    status, body = fetch(page, "/api/history?range=decade")
    assert status == 400
    assert body["error"] == (
        'The parameter "range" must be one of week, month, year; "decade" is not one of them.'
    )


@pytest.mark.parametrize("home", [False], indirect=True)
def test_a_new_history_explains_what_will_appear(page: Page, web: Web) -> None:
    open_history(page, web)
    expect(page.get_by_role("heading", name="No history yet")).to_be_visible()
    expect(page.locator("#empty")).to_contain_text("the breaks you take, snooze or skip")
    expect(page.locator("#content")).to_be_hidden()
    shoot(page, "history-empty")
    assert axe_violations(page) == []
