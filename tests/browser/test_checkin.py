"""The "Something feels wrong?" page: the CLI's questions, the same tiers, the same consequences."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from playwright.sync_api import Page, expect

from loosen.core.advice import EMERGENCY_MESSAGE, questions_in_order
from tests.browser.conftest import NARROW, Web, axe_violations, shoot


def open_checkin(page: Page, web: Web, query: str = "") -> None:
    page.goto(web.url("/checkin" + query))
    expect(page.get_by_role("heading", name="Something feels wrong?", level=1)).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(len(questions_in_order()))


def tick(page: Page, symptom_id: str) -> None:
    question = next(s.question for s in questions_in_order() if s.id == symptom_id)
    page.get_by_label(question, exact=True).check()


def checkins(web: Web) -> list[tuple[int | None, str | None]]:
    with sqlite3.connect(web.home.data / "history.sqlite3") as con:
        return con.execute("SELECT tier, context FROM checkins ORDER BY id").fetchall()


def test_tier_one_shows_only_the_emergency_message_and_pauses_reminders(
    page: Page, web: Web
) -> None:
    open_checkin(page, web)
    tick(page, "calf-swelling")  # tier 2 ...
    tick(page, "saddle-numbness")  # ... and tier 1: the most serious wins
    page.get_by_role("button", name="Show what to do").click()

    emergency = page.get_by_role("heading", name="Get emergency care now.", level=1)
    expect(emergency).to_be_visible()
    for paragraph in EMERGENCY_MESSAGE.split("\n"):
        expect(page.get_by_text(paragraph, exact=True)).to_be_visible()
    # nothing else competes with it: no navigation, no link, no button, no other advice
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("heading")).to_have_count(1)
    assert page.locator("body").inner_text().strip() == (
        "Get emergency care now.\n\n" + EMERGENCY_MESSAGE.replace("\n", "\n\n")
    )
    expect(page).to_have_title("Get emergency care now. · loosen")
    shoot(page, "checkin-tier1")
    assert axe_violations(page) == []

    assert checkins(web) == [(1, None)]
    assert web.api("GET", "/api/status")["paused_until"] is not None


def test_tier_two_pauses_the_service_for_the_rest_of_the_day(page: Page, web: Web) -> None:
    assert web.api("GET", "/api/status")["paused_until"] is None
    open_checkin(page, web, "?routine=glutes")
    tick(page, "foot-drop")
    page.get_by_role("button", name="Show what to do").click()
    result = page.locator("#result")
    expect(result.get_by_role("heading", name="Contact a clinician soon.")).to_be_visible()
    expect(result).to_contain_text("contact your doctor or a clinician today or tomorrow")
    expect(result.locator("#result-paused")).to_have_text(
        "Reminders are now paused until midnight."
    )
    paused = web.api("GET", "/api/status")["paused_until"]
    assert paused is not None
    local = datetime.fromisoformat(paused).astimezone()  # the service runs with TZ=UTC
    assert (local.hour, local.minute) == (0, 0)  # midnight: the rest of today
    assert checkins(web) == [(2, "routine:glutes")]
    # the dashboard says so too
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.locator("#mode-line")).to_contain_text("paused until")


def test_tier_three_advises_to_stop_the_stretch_without_pausing(page: Page, web: Web) -> None:
    open_checkin(page, web)
    tick(page, "sharp-in-stretch")
    page.get_by_role("button", name="Show what to do").click()
    result = page.locator("#result")
    expect(result.get_by_role("heading", name="Stop this stretch.")).to_be_visible()
    expect(result).to_contain_text("see your GP or a physiotherapist")
    expect(result.locator("#result-paused")).to_be_hidden()
    assert web.api("GET", "/api/status")["paused_until"] is None
    assert checkins(web) == [(3, None)]
    # and the questions can be answered again
    page.get_by_role("button", name="Answer again").click()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(0)


def test_nothing_ticked_is_reassuring_and_recorded(page: Page, web: Web) -> None:
    open_checkin(page, web)
    page.get_by_role("button", name="Show what to do").click()
    expect(page.get_by_role("heading", name="Nothing on the list.")).to_be_visible()
    assert checkins(web) == [(None, None)]
    assert web.api("GET", "/api/status")["paused_until"] is None


def test_the_api_refuses_unknown_questions_and_answers_that_are_not_yes_or_no(web: Web) -> None:
    unknown = web.api("POST", "/api/checkin", {"answers": {"headache": True}})
    assert unknown["status"] == 400
    assert unknown["error"].startswith('There is no question "headache"; the questions are ')
    wrong = web.api("POST", "/api/checkin", {"answers": {"dizzy": "yes"}})
    assert wrong == {
        "ok": False,
        "error": "The answer to \"dizzy\" must be true or false, not 'yes'.",
        "status": 400,
    }
    assert web.api("POST", "/api/checkin", {})["status"] == 400
    assert checkins(web) == []
    # the same questions as `loosen check`, most serious first
    asked = web.api("GET", "/api/checkin")["questions"]
    assert [q["id"] for q in asked] == [s.id for s in questions_in_order()]


def test_the_checkin_page_has_no_serious_accessibility_problems(page: Page, web: Web) -> None:
    open_checkin(page, web)
    shoot(page, "checkin-desktop")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROW)
    shoot(page, "checkin-narrow")
    assert axe_violations(page) == []
    tick(page, "dizzy")
    page.get_by_role("button", name="Show what to do").click()
    expect(page.locator("#result")).to_be_visible()
    shoot(page, "checkin-tier3-narrow")
    assert axe_violations(page) == []
