"""The Routines page: the list, the move cards, and importing a routine file."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, Web, axe_violations, shoot
from tests.cli.test_routine_files import GOOD

BUILT_INS = {  # name -> length, as docs/routines.md gives them (adult profile)
    "Glutes and hips": "7:35",
    "At the desk": "8:23",
    "Desk, five minutes": "5:19",
    "Before a run": "5:25",
    "Wind-down": "9:25",
}


def open_routines(page: Page, web: Web) -> None:
    page.goto(web.url("/routines"))
    expect(page.locator("#builtin-list .routine")).to_have_count(len(BUILT_INS))


def choose(page: Page, name: str, text: str) -> None:
    page.locator("#import-file").set_input_files(
        {"name": name, "mimeType": "application/toml", "buffer": text.encode()}
    )


def test_the_list_shows_every_built_in_with_its_length_and_a_play_link(
    page: Page, web: Web
) -> None:
    open_routines(page, web)
    for name, length in BUILT_INS.items():
        card = page.locator("#builtin-list .routine").filter(
            has=page.get_by_role("heading", name=name, exact=True)
        )
        expect(card.locator(".meta .length")).to_have_text(length)
        expect(card.get_by_role("link", name=f"Play {name}")).to_be_visible()
    glutes = page.get_by_role("article", name="Glutes and hips")
    expect(glutes.get_by_role("link", name="Play Glutes and hips")).to_have_attribute(
        "href", "/routine/glutes"
    )
    expect(page.locator("#yours-empty")).to_be_visible()


def test_a_move_card_shows_the_figure_and_how_to_do_it(page: Page, web: Web) -> None:
    open_routines(page, web)
    glutes = page.get_by_role("article", name="Glutes and hips")
    toggle = glutes.locator(".toggle")
    expect(toggle).to_have_accessible_name("Show the 7 moves")
    toggle.focus()
    page.keyboard.press("Enter")  # keyboard opens it
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_accessible_name("Hide the moves")
    card = glutes.locator('.move-card[data-move="supine-figure-four"]').first
    expect(card.get_by_role("heading", name="Lying figure-four")).to_be_visible()
    figure = card.get_by_role("img", name="Lying figure-four: the position to aim for")
    expect(figure).to_be_visible()
    expect(figure.locator("polyline").first).to_have_attribute("points", re.compile(r"\d"))
    expect(card.locator(".tags")).to_contain_text("Hold 30 s each side")
    expect(card.get_by_role("list", name="How to do Lying figure-four")).to_contain_text(
        "Lie on your back, knees bent, feet flat on the floor."
    )
    expect(card.locator(".feel")).to_contain_text("The outside of the hip and buttock")
    more = card.locator("details.more")
    expect(more.get_by_text("Common mistakes")).to_be_hidden()
    more.locator("summary").click()
    expect(more.get_by_text("Common mistakes")).to_be_visible()
    expect(more).to_contain_text("Hips lifting off the floor or tipping to one side.")
    expect(more).to_contain_text("Instead: Seated figure-four.")
    expect(more).to_contain_text("after the first three months of pregnancy")
    # the open routine is in the address, so a reload comes back to it
    assert page.url.endswith("/routines#glutes")
    page.reload()
    expect(page.locator('.move-card[data-move="supine-figure-four"]').first).to_be_visible()


def test_a_broken_file_shows_each_problem_beside_its_line_and_saves_nothing(
    page: Page, web: Web
) -> None:
    open_routines(page, web)
    bad = (
        GOOD.replace("seconds = 25", "seconds = -5")
        .replace("transition = 8", "transtion = 8")
        .replace('position = "chair"', 'position = "sofa"')
    )
    choose(page, "my-hips.toml", bad)
    result = page.locator("#import-result")
    expect(result.get_by_role("heading", level=3)).to_have_text(
        'The routine file "my-hips.toml" has 3 problems, so nothing was saved.'
    )
    problems = result.locator(".problems > li")
    expect(problems).to_have_count(3)
    seconds = problems.filter(has=page.locator("code", has_text="moves[0].seconds"))
    expect(seconds.locator(".line-ref")).to_have_text("line 7")
    expect(seconds).to_contain_text("Found -5; expected a number greater than 0 and at most 600.")
    # in the file: the offending lines are marked, each with its message right under it
    code = result.get_by_role("region", name="The file you chose, with its problems marked")
    expect(code.locator(".ln.bad")).to_have_count(3)
    expect(code.locator("#import-line-7")).to_have_class(re.compile(r"\bbad\b"))
    expect(code.locator("#import-line-7")).to_contain_text("seconds = -5")
    expect(code.locator("#import-line-7 + .ann")).to_contain_text("Found -5")
    expect(code.locator("#import-line-3 + .ann")).to_contain_text('Did you mean "transition"?')
    line = problems.filter(has=page.locator("code", has_text="position")).locator("a.line-ref")
    expect(line).to_have_text(re.compile(r"^line \d+$"))
    assert not (web.home.config / "routines").exists()
    shoot(page, "routines-import-errors")
    assert axe_violations(page) == []
    # a file name that cannot be a routine's id, on the whole file
    choose(page, "desk.toml", GOOD)
    expect(result.locator(".problems > li")).to_have_count(1)
    expect(result.locator(".problems")).to_contain_text(
        'A built-in routine is called "desk"; rename the file (for example "my-desk.toml")'
    )
    expect(result.locator(".problems .key")).to_have_text("the whole file")
    assert not (web.home.config / "routines").exists()


def test_a_good_file_is_listed_at_once_and_replaced_only_when_confirmed(
    page: Page, web: Web
) -> None:
    open_routines(page, web)
    choose(page, "mine.toml", GOOD)
    result = page.locator("#import-result")
    expect(result).to_contain_text('Imported "My hips": saved as ')
    mine = page.locator("#yours-list").get_by_role("article", name="My hips")
    expect(mine.locator(".meta .length")).to_have_text("1:35")
    expect(mine.get_by_role("link", name="Play My hips")).to_have_attribute("href", "/routine/mine")
    expect(page.locator("#yours-empty")).to_be_hidden()
    saved = web.home.config / "routines" / "mine.toml"
    assert saved.read_text() == GOOD
    # the CLI sees it too
    assert "My hips (mine): 1:35" in web.home.run("routines", "show", "mine").out
    # the same name again asks first
    changed = GOOD.replace('name = "My hips"', 'name = "Hips, again"')
    choose(page, "mine.toml", changed)
    expect(result.get_by_role("alert")).to_have_text(
        re.compile('You already have a routine called "mine"')
    )
    assert saved.read_text() == GOOD
    expect(result.get_by_role("button", name="Replace it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(result).to_contain_text('Imported "Hips, again": replaced the one in ')
    expect(page.locator("#yours-list").get_by_role("article", name="Hips, again")).to_be_visible()
    assert saved.read_text() == changed
    result.get_by_role("link", name="See its moves").click()
    expect(page.locator('#yours-list .move-card[data-move="my-chair-squeeze"]')).to_contain_text(
        "8 reps"
    )


def test_a_broken_file_in_the_folder_is_shown_with_its_problems(page: Page, web: Web) -> None:
    (web.home.config / "routines").mkdir(parents=True)
    (web.home.config / "routines" / "broken.toml").write_text('name = "Broken"\nmoves = 3\n')
    open_routines(page, web)
    broken = page.locator("#broken-broken")
    expect(broken).to_contain_text("has 1 problem, so it is not offered.")
    expect(broken.locator(".problems")).to_contain_text("moves")
    expect(broken.locator(".problems")).to_contain_text("line 2")


def test_the_routines_page_has_no_serious_accessibility_problems(page: Page, web: Web) -> None:
    open_routines(page, web)
    page.get_by_role("article", name="Glutes and hips").get_by_role("button").click()
    expect(page.locator(".move-card svg").first).to_be_visible()
    shoot(page, "routines-desktop")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROW)
    shoot(page, "routines-narrow")
    assert axe_violations(page) == []
