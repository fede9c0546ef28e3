"""The routine player in Chromium: a whole routine, pause, back and skip, sides, keyboard, motion.

Time is Playwright's: ``page.clock.pause_at`` before the page loads, then ``run_for`` (every
animation frame on the way) or ``fast_forward`` (a jump, as after a sleeping laptop).
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, NARROW, Web, axe_violations, shoot


def _open(page: Page, web: Web, routine: str = "desk-short", query: str = "") -> dict[str, Any]:
    """The player of a routine on a paused clock, ready to start; returns the plan from the API."""
    plan: dict[str, Any] = web.api("GET", f"/api/play/{routine}")
    assert plan["ok"], plan
    page.clock.pause_at(datetime.now(UTC))
    page.goto(web.url(f"/routine/{routine}{query}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(plan["routine"]["name"])
    expect(page.get_by_role("button", name="Start")).to_be_enabled()
    return plan


def _start(page: Page) -> None:
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#play")).to_be_visible()


def _sessions(web: Web) -> list[dict[str, Any]]:
    r = web.home.run("history", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)  # type: ignore[no-any-return]


def _head_x(page: Page) -> float:
    return float(page.locator("#figure .fig-head").get_attribute("cx") or "nan")


def _figure_points(page: Page) -> list[str]:
    return page.locator("#figure polyline").evaluate_all(
        "els => els.map(e => e.getAttribute('points'))"
    )


def test_a_whole_routine_is_saved_in_the_history_and_counts_as_the_break(
    page: Page, web: Web
) -> None:
    before = web.api("GET", "/api/status")["today"]["breaks_taken"]
    plan = _open(page, web, query="?break=1")
    expect(page.locator("#eyebrow")).to_have_text("Your break")
    # the safety lines come first
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(page.locator("#safety-lines")).to_contain_text("Stop at once for sharp or pinching pain")
    _start(page)
    moves = [s for s in plan["steps"] if s["kind"] == "move"]
    expect(page.locator("#step-count")).to_have_text(f"Step 1 of {len(moves)}")
    expect(page.locator("#move-name")).to_have_text("Walk")
    # the routine plays through to the end: every frame for a while, then a jump
    page.clock.run_for(3500)
    expect(page.locator("#count")).to_have_text("0:57")
    page.clock.fast_forward(int(plan["routine"]["total"] * 1000))
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator("#done-break")).to_have_text(re.compile("This counts as your break"))
    expect(page.locator("#done-list li")).to_have_count(len(moves))
    shoot(page, "player-done")

    session = _sessions(web)[0]
    assert session["routine_id"] == "desk-short" and session["source"] == "web"
    assert session["outcome"] == "completed"
    assert [(s["move_id"], s["side"], s["status"]) for s in session["steps"]] == [
        (s["move"], s["side"], "done") for s in moves
    ]
    assert [s["planned_seconds"] for s in session["steps"]] == [s["duration"] for s in moves]
    assert abs(session["steps"][0]["done_seconds"] - 60) < 0.1
    assert web.api("GET", "/api/status")["today"]["breaks_taken"] == before + 1
    # and the dashboard shows it
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.locator("#t-breaks")).to_have_text(str(before + 1))


def test_pause_stops_the_countdown_and_resume_goes_on(page: Page, web: Web) -> None:
    _open(page, web)
    _start(page)
    page.clock.run_for(2500)
    expect(page.locator("#count")).to_have_text("0:58")
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.locator("#paused-badge")).to_be_visible()
    page.clock.fast_forward(20_000)
    page.clock.run_for(500)
    expect(page.locator("#count")).to_have_text("0:58")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(3000)
    expect(page.locator("#count")).to_have_text("0:55")
    expect(page.locator("#paused-badge")).to_be_hidden()


def test_next_and_back_move_between_steps(page: Page, web: Web) -> None:
    _open(page, web)
    _start(page)
    skip = page.get_by_role("button", name="Next")
    skip.click()  # the walk is skipped: the gap before the next move
    expect(page.locator("#phase")).to_have_text("Get ready")
    expect(page.locator("#move-name")).to_have_text("Seated figure-four")
    expect(page.locator("#step-count")).to_have_text(re.compile(r"^Step 2 of"))
    skip.click()
    expect(page.locator("#phase")).to_have_text("Hold")
    expect(page.locator("#side-label")).to_have_text("Right side")
    expect(page.locator("#count")).to_have_text("0:30")
    page.clock.run_for(5000)
    page.get_by_role("button", name="Back").click()  # 5 s in: the step starts again
    expect(page.locator("#count")).to_have_text("0:30")
    expect(page.locator("#move-name")).to_have_text("Seated figure-four")
    page.get_by_role("button", name="Back").click()  # at its start: back to the walk
    expect(page.locator("#move-name")).to_have_text("Walk")
    expect(page.locator("#count")).to_have_text("1:00")
    expect(page.locator("#step-count")).to_have_text(re.compile(r"^Step 1 of"))


def test_the_other_side_is_labelled_and_mirrored(page: Page, web: Web) -> None:
    _open(page, web)
    _start(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#side-label")).to_have_text("Right side")
    page.clock.run_for(10_000)  # well into the hold
    right = _head_x(page)
    moving = _figure_points(page)
    page.clock.run_for(1000)
    assert _figure_points(page) != moving  # the figure breathes during the hold
    page.clock.fast_forward(20_000)  # the right side ends: switch sides
    page.clock.run_for(100)
    expect(page.locator("#phase")).to_have_text("Switch sides")
    expect(page.locator("#side-label")).to_have_text("Left side")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#phase")).to_have_text("Hold")
    expect(page.locator("#side-label")).to_have_text("Left side")
    page.clock.run_for(10_000)
    left = _head_x(page)
    assert right > 100  # the figure leans forward, toward +x...
    assert abs(left + right) < 1.5  # ...and on the left side it is the mirror image
    expect(page.locator("#figure svg")).to_have_attribute("data-facing", "-1")


def test_the_keyboard_alone_runs_and_ends_a_routine(page: Page, web: Web) -> None:
    _open(page, web)
    expect(page.get_by_role("button", name="Start")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#move-name")).to_have_text("Walk")
    page.clock.run_for(1000)
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#phase")).to_have_text("Get ready")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#side-label")).to_have_text("Right side")
    page.clock.run_for(4000)
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#count")).to_have_text("0:30")
    page.clock.run_for(4000)
    page.keyboard.press("Escape")
    dialog = page.get_by_role("dialog", name="End the routine now?")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # changed my mind
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="End and save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Routine ended")).to_be_visible()
    # saved, and said plainly why it is no break
    expect(page.locator("#done-break")).to_have_text(
        re.compile(r"^Saved in your history\. Not counted as a break: 0:0\d of moving; ")
    )

    session = _sessions(web)[0]
    assert session["outcome"] == "quit"
    statuses = [(s["move_id"], s["side"], s["status"]) for s in session["steps"]]
    assert statuses[:3] == [
        ("walk", None, "skipped"),
        ("seated-figure-four", "right", "not-reached"),
        ("seated-figure-four", "left", "not-reached"),
    ]
    # 4 s before the restart and 4 s after it were spent in the right side
    assert abs(session["steps"][1]["done_seconds"] - 8) < 0.1


def test_reduced_motion_shows_a_still_pose(page: Page, web: Web) -> None:
    page.emulate_media(reduced_motion="reduce")
    _open(page, web)
    _start(page)
    page.clock.run_for(1000)
    still = _figure_points(page)
    page.clock.run_for(2500)
    expect(page.locator("#count")).to_have_text("0:57")
    assert _figure_points(page) == still
    # the walk's still pose is its working keyframe (a knee up), not the standing start
    knee = page.evaluate(
        """async () => {
          const pose = await import("/static/js/pose.js");
          const data = await (await fetch("/api/pose")).json();
          const j = pose.jointsObject(pose.poseFromJson(data.keyframes.D3_high_knee));
          return [j.n_knee[0], j.n_knee[1]];
        }"""
    )
    near_leg = page.locator("#figure .fig-near polyline").first.get_attribute("points") or ""
    assert near_leg.split()[1] == f"{round(knee[0] * 1000, 1):g},{round(-knee[1] * 1000, 1):g}"


def test_an_unknown_routine_says_which_ones_exist(page: Page, web: Web) -> None:
    page.goto(web.url("/routine/yoga"))
    expect(page.get_by_role("heading", level=1)).to_have_text("No such routine")
    expect(page.get_by_role("alert")).to_contain_text('There is no routine called "yoga"')
    expect(page.get_by_role("alert")).to_contain_text("desk-short")
    expect(page.get_by_role("button", name="Start")).to_be_disabled()


def _axe(page: Page) -> list[str]:
    """axe-core's findings; axe needs running timers, so the clock runs meanwhile."""
    page.clock.resume()
    found = axe_violations(page)
    # a little ahead of the page's clock, which runs on while this call travels (10 ms was too
    # little on a loaded machine: "Cannot fast-forward to the past")
    page.clock.pause_at(datetime.fromtimestamp(page.evaluate("Date.now()") / 1000 + 2, UTC))
    return found


def test_the_player_has_no_serious_accessibility_problems(page: Page, web: Web) -> None:
    _open(page, web)
    shoot(page, "player-intro")
    assert _axe(page) == []
    _start(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.clock.run_for(8000)
    shoot(page, "player-desktop")
    assert _axe(page) == []
    page.set_viewport_size(NARROW)
    page.clock.run_for(100)
    shoot(page, "player-narrow")
    assert _axe(page) == []
    page.keyboard.press("Escape")
    shoot(page, "player-leave")
    assert _axe(page) == []
    page.get_by_role("button", name="End and save").click()
    expect(page.locator("#done-break")).to_be_visible()
    page.set_viewport_size(DESKTOP)
    shoot(page, "player-ended")
    assert _axe(page) == []


# Counts the tones played and records what is spoken (the page's own AudioContext and voice).
LISTEN = """
window.__tones = 0;
window.__said = [];
const create = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__tones += 1;
  return create.call(this);
};
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => { window.__said.push(u.text); };
}
"""


def test_chimes_and_spoken_cues_follow_the_toggles(page: Page, web: Web) -> None:
    page.add_init_script(LISTEN)
    _open(page, web)
    _start(page)
    expect(page.get_by_role("checkbox", name="Sound")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Spoken cues")).not_to_be_checked()
    assert page.evaluate("window.__said") == []  # spoken cues are off at first
    page.get_by_role("checkbox", name="Spoken cues").check()
    page.clock.fast_forward(60_500)  # the walk ends: a chime for the next move, and its name
    page.clock.run_for(100)
    expect(page.locator("#phase")).to_have_text("Get ready")
    assert page.evaluate("window.__tones") == 3
    assert page.evaluate("window.__said")[-1] == "Next: Seated figure-four"
    page.get_by_role("button", name="Next").click()
    page.clock.fast_forward(30_500)  # the right side ends: the side-switch chime
    page.clock.run_for(100)
    expect(page.locator("#phase")).to_have_text("Switch sides")
    assert page.evaluate("window.__tones") == 5
    assert page.evaluate("window.__said")[-1] == "Switch sides"
    # sound off: silence, and the choice is remembered on the next visit
    page.get_by_role("checkbox", name="Sound").uncheck()
    page.get_by_role("button", name="Next").click()
    page.clock.fast_forward(30_500)
    page.clock.run_for(100)
    expect(page.locator("#phase")).to_have_text("Get ready")
    assert page.evaluate("window.__tones") == 5
    page.reload()
    _start(page)
    expect(page.get_by_role("checkbox", name="Sound")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Spoken cues")).to_be_checked()


def test_something_feels_wrong_leaves_for_the_check_in_and_keeps_what_was_done(
    page: Page, web: Web
) -> None:
    _open(page, web)
    _start(page)
    page.clock.run_for(3000)
    page.keyboard.press("!")
    page.wait_for_url(re.compile(r"/checkin\?routine=desk-short$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    deadline = time.monotonic() + 10
    while not _sessions(web) and time.monotonic() < deadline:
        time.sleep(0.1)
    session = _sessions(web)[0]
    assert session["outcome"] == "quit" and session["routine_id"] == "desk-short"


def test_sound_can_be_turned_off_before_starting(page: Page, web: Web) -> None:
    page.add_init_script(LISTEN)
    _open(page, web)
    page.get_by_role("checkbox", name="Sound").uncheck()  # on the start page
    _start(page)
    expect(page.get_by_role("checkbox", name="Sound")).not_to_be_checked()
    page.clock.fast_forward(60_500)  # the walk ends: no chime
    page.clock.run_for(100)
    expect(page.locator("#phase")).to_have_text("Get ready")
    assert page.evaluate("window.__tones") == 0
