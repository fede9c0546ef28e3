"""The settings page: change, save, keep the user's comments, and the running service follows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.conftest import NARROW, Web, axe_violations, shoot
from tests.conftest import Home
from tests.service.conftest import Service

COMMENTED = """\
# my loosen settings
[player]
sound = false   # quiet office

[breaks]
# my physio wants me up more often
routine = "desk-short"
"""


def write_settings(web: Web, text: str) -> Path:
    path = web.home.config / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def open_settings(page: Page, web: Web) -> None:
    page.goto(web.url("/settings"))
    expect(page.get_by_role("heading", name="Breaks", level=2)).to_be_visible()


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(label, exact=True)


def next_break(web: Web) -> datetime:
    at = web.api("GET", "/api/status")["next_break_at"]
    assert at, "the service has no break planned"
    return datetime.fromisoformat(at)


def test_a_changed_interval_is_saved_with_the_comments_kept_and_moves_the_next_break(
    page: Page, web: Web
) -> None:
    settings = write_settings(web, COMMENTED)
    before = next_break(web)
    open_settings(page, web)
    interval = field(page, "Break after sitting for")
    expect(interval).to_have_value("60")
    interval.fill("30")
    expect(page.locator("#dirty-line")).to_have_text("1 unsaved change.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#toast")).to_contain_text("Saved 1 setting")
    expect(page.locator("#toast")).to_contain_text("loosen uses it now")
    expect(page.locator("#dirty-line")).to_have_text("No unsaved changes.")

    text = settings.read_text()
    assert text.startswith("# my loosen settings\n[player]\nsound = false   # quiet office\n")
    assert "# my physio wants me up more often\n" in text
    assert "interval_minutes = 30\n" in text
    # the running service uses it at once: the next break is half an hour sooner
    assert next_break(web) == before - timedelta(minutes=30)
    # and the page, reloaded, shows what the file says
    page.reload()
    expect(field(page, "Break after sitting for")).to_have_value("30")


def test_bad_values_are_shown_next_to_their_fields_and_nothing_is_written(
    page: Page, web: Web
) -> None:
    settings = write_settings(web, COMMENTED)
    stamp = settings.stat().st_mtime_ns
    before = next_break(web)
    open_settings(page, web)
    field(page, "Break after sitting for").fill("5")
    field(page, "Ask after").fill("9")  # more than away_minutes (5): refused too
    field(page, "Start").fill("19:00")  # after the end, 18:00
    page.get_by_role("button", name="Save changes").click()

    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("3 settings have problems, so nothing was saved")
    interval_error = page.locator("#s-breaks-interval_minutes-error")
    expect(interval_error).to_have_text(
        "breaks.interval_minutes: Found 5; expected a whole number at least 20 and at most 180."
    )
    expect(page.locator("#s-activity-ask_minutes-error")).to_contain_text(
        "Found 9; it must be less than activity.away_minutes (5)."
    )
    expect(page.locator("#s-hours-end-error")).to_contain_text(
        'it must be later than hours.start ("19:00")'
    )
    expect(field(page, "Break after sitting for")).to_have_attribute("aria-invalid", "true")
    shoot(page, "settings-errors")
    assert settings.read_text() == COMMENTED and settings.stat().st_mtime_ns == stamp
    assert next_break(web) == before
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.toml"]

    # corrected, it saves (and the errors go away)
    field(page, "Break after sitting for").fill("45")
    field(page, "Ask after").fill("4")
    field(page, "Start").fill("08:30")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#toast")).to_contain_text("Saved 3 settings")
    expect(interval_error).to_be_hidden()
    expect(summary).to_be_hidden()
    assert 'start = "08:30"' in settings.read_text()


def test_a_setting_that_needs_a_restart_says_so(page: Page, web: Web) -> None:
    open_settings(page, web)
    field(page, "Activity source").select_option("none")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#toast")).to_contain_text(
        "activity.idle_source takes effect when loosen restarts"
    )
    expect(page.locator("#restart")).to_contain_text("Restart loosen to use activity.idle_source")
    assert 'idle_source = "none"' in (web.home.config / "settings.toml").read_text()


def test_a_broken_settings_file_is_shown_and_never_overwritten(page: Page, web: Web) -> None:
    broken = "[breaks]\ninterval_minutes = = 30\n"
    settings = write_settings(web, broken)
    page.goto(web.url("/settings"))
    problems = page.locator("#file-problems")
    expect(problems).to_contain_text("not valid TOML")
    expect(problems).to_contain_text("line 2")
    expect(field(page, "Break after sitting for")).to_be_disabled()
    expect(page.get_by_role("button", name="Save changes")).to_be_hidden()
    refused = web.api("PUT", "/api/settings", {"breaks": {"interval_minutes": 30}})
    assert refused["status"] == 409 and "will not overwrite" in refused["error"]
    assert settings.read_text() == broken


@pytest.fixture
def web_env(home: Home) -> Iterator[Web]:
    """A service whose environment sets breaks.snooze_minutes."""
    env = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "", "LOOSEN_BREAKS_SNOOZE_MINUTES": "7"}
    service = Service(home, env)
    service.start()
    try:
        yield Web(service, home)
    finally:
        service.stop()


def test_a_setting_from_the_environment_is_shown_read_only(
    context: BrowserContext, web_env: Web
) -> None:
    page = context.new_page()
    page.goto(web_env.login_url("settings"))
    expect(page.get_by_role("heading", name="Breaks", level=2)).to_be_visible()
    snooze = field(page, "Snooze length")
    expect(snooze).to_have_value("7")
    expect(snooze).to_be_disabled()
    row = page.locator("#s-breaks-snooze_minutes-row")
    expect(row).to_contain_text("Set by the environment")
    expect(row).to_contain_text("LOOSEN_BREAKS_SNOOZE_MINUTES sets this to 7")
    refused = web_env.api("PUT", "/api/settings", {"breaks": {"snooze_minutes": 10}})
    assert refused["status"] == 400
    assert refused["problems"][0]["key"] == "breaks.snooze_minutes"
    assert "LOOSEN_BREAKS_SNOOZE_MINUTES" in refused["problems"][0]["error"]
    assert not (web_env.home.config / "settings.toml").exists()


def test_the_settings_page_has_no_serious_accessibility_problems(page: Page, web: Web) -> None:
    open_settings(page, web)
    field(page, "Break after sitting for").fill("10")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#summary")).to_be_visible()
    assert axe_violations(page) == []
    page.reload()
    expect(page.get_by_role("heading", name="Breaks", level=2)).to_be_visible()
    shoot(page, "settings-desktop")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROW)
    shoot(page, "settings-narrow")
    assert axe_violations(page) == []
