"""The routines API in-process: the list, a routine's cards, and importing a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.test_routine_files import GOOD
from tests.web.asgi import WebClient


class Client(WebClient):
    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self.folder = home / "config" / "routines"

    def call(self, method: str, path: str, body: Any = None, token: bool = True) -> httpx.Response:
        return self.request(method, path, json=body, token=token)

    def imported(self, filename: str, text: str, replace: bool = False) -> httpx.Response:
        body = {"filename": filename, "text": text, "replace": replace}
        return self.call("POST", "/api/routines/import", body)


@pytest.fixture
def client(tmp_path: Path) -> Client:
    return Client(tmp_path)


def error_of(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status
    assert set(body) - {"problems"} == {"ok", "error", "status"}
    assert "Traceback" not in r.text
    return body  # type: ignore[no-any-return]


def test_the_list_has_every_built_in_with_its_length(client: Client) -> None:
    body = client.call("GET", "/api/routines").json()
    got = {r["id"]: (r["source"], round(r["seconds"]), r["play"]) for r in body["routines"]}
    assert got == {
        "desk": ("built-in", 8 * 60 + 23, "/routine/desk"),
        "desk-short": ("built-in", 5 * 60 + 19, "/routine/desk-short"),
        "glutes": ("built-in", 7 * 60 + 35, "/routine/glutes"),
        "pre-run": ("built-in", 5 * 60 + 25, "/routine/pre-run"),
        "wind-down": ("built-in", 9 * 60 + 25, "/routine/wind-down"),
    }
    assert body["broken"] == [] and body["folder"] == str(client.folder)


def test_the_api_needs_the_token(client: Client) -> None:
    assert error_of(client.call("GET", "/api/routines", token=False), 401)


def test_a_routine_has_its_moves_as_cards(client: Client) -> None:
    r = client.call("GET", "/api/routines/glutes").json()["routine"]
    first = r["moves"][0]
    assert first["name"] and first["steps"] and first["feel"] and first["mistakes"]
    assert first["still"] in first["animation"]["keyframes"]
    fig4 = next(m for m in r["moves"] if m["id"] == "supine-figure-four")
    assert fig4["still"] == "2_supine_fig4_hold"  # a hold is pictured at its end
    assert fig4["alternative_name"] == "Seated figure-four"
    assert fig4["skip_if"] == ["hip-replacement", "pregnancy"]


def test_an_unknown_routine_is_404_with_a_suggestion(client: Client) -> None:
    body = error_of(client.call("GET", "/api/routines/glute"), 404)
    assert body["error"].startswith('There is no routine called "glute". Did you mean "glutes"?')
    # a file path is not a routine name here
    assert error_of(client.call("GET", "/api/routines/x.toml"), 404)


def test_a_broken_file_gives_each_problem_with_its_line_and_saves_nothing(
    client: Client,
) -> None:
    bad = GOOD.replace("seconds = 25", "seconds = -5").replace("transition = 8", "transtion = 8")
    body = error_of(client.imported("mine.toml", bad), 400)
    assert body["error"] == 'The routine file "mine.toml" has 2 problems, so nothing was saved.'
    assert body["problems"] == [
        {
            "key": "transtion",
            "line": 3,
            "column": 1,
            "message": 'Unknown key. Did you mean "transition"? Known keys: name, moves, '
            "summary, transition, side_switch, warm_up, custom_moves, translations.",
        },
        {
            "key": "moves[0].seconds",
            "line": 7,
            "column": 1,
            "message": "Found -5; expected a number greater than 0 and at most 600.",
        },
    ]
    assert not client.folder.exists()


def test_a_toml_syntax_error_gives_the_parsers_line(client: Client) -> None:
    body = error_of(
        client.imported("mine.toml", 'name = "x"\nmoves = [\n  { move = "walk" \n]\n'), 400
    )
    [p] = body["problems"]
    assert p["key"] == "" and p["line"] == 3
    assert p["message"].startswith("This is not valid TOML")


def test_the_file_name_must_be_a_routine_id_and_not_a_built_in(client: Client) -> None:
    body = error_of(client.imported("My Hips.toml", GOOD), 400)
    assert body["problems"] == [
        {
            "key": "",
            "line": None,
            "column": None,
            "message": 'The file name "My Hips.toml" cannot be a routine\'s id; use lowercase '
            'letters, digits and hyphens, like "my-hips.toml".',
        }
    ]
    body = error_of(client.imported("desk.toml", GOOD), 400)
    assert body["problems"][0]["message"] == (
        'A built-in routine is called "desk"; rename the file (for example "my-desk.toml") to '
        "import it beside the built-in one."
    )
    body = error_of(client.imported("notes.txt", GOOD), 400)
    assert 'does not end in ".toml"' in body["problems"][0]["message"]
    assert not client.folder.exists()


def test_a_good_file_is_saved_as_given_and_listed(client: Client) -> None:
    r = client.imported("C:\\Users\\me\\mine.toml", GOOD)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["replaced"] is False
    assert body["routine"]["id"] == "mine" and body["routine"]["play"] == "/routine/mine"
    assert (client.folder / "mine.toml").read_text() == GOOD
    listed = client.call("GET", "/api/routines").json()["routines"]
    assert [(x["id"], x["source"], round(x["seconds"])) for x in listed if x["id"] == "mine"] == [
        ("mine", "yours", 95)
    ]
    assert client.call("GET", "/api/routines/mine").json()["routine"]["moves"][1]["name"] == (
        "Chair glute squeeze"
    )


def test_an_existing_routine_is_replaced_only_when_asked(client: Client) -> None:
    assert client.imported("mine.toml", GOOD).status_code == 200
    changed = GOOD.replace('name = "My hips"', 'name = "My new hips"')
    body = error_of(client.imported("mine.toml", changed), 409)
    assert body["error"] == (
        'You already have a routine called "mine"; replace it with "mine.toml", or rename the file.'
    )
    assert (client.folder / "mine.toml").read_text() == GOOD
    r = client.imported("mine.toml", changed, replace=True)
    assert r.status_code == 200 and r.json()["replaced"] is True
    assert (client.folder / "mine.toml").read_text() == changed


def test_bad_requests_get_one_sentence(client: Client) -> None:
    body = error_of(client.call("POST", "/api/routines/import", {"text": GOOD}), 400)
    assert body["error"] == 'The request needs "filename", the routine file\'s name, as text.'
    body = error_of(client.call("POST", "/api/routines/import", {"filename": "a.toml"}), 400)
    assert body["error"] == 'The request needs "text", the content of "a.toml", as text.'
    body = error_of(client.imported("a.toml", "x" * 20_001), 413)
    assert body["error"] == (
        'The file "a.toml" has 20,001 characters; a routine file may have 20,000 at most.'
    )


def test_a_broken_file_in_the_folder_is_listed_with_its_problems(client: Client) -> None:
    client.folder.mkdir(parents=True)
    (client.folder / "broken.toml").write_text('name = "Broken"\nmoves = 3\n')
    body = client.call("GET", "/api/routines").json()
    [broken] = body["broken"]
    assert broken["id"] == "broken"
    assert broken["problems"][0]["key"] == "moves" and broken["problems"][0]["line"] == 2
    body = error_of(client.call("GET", "/api/routines/broken"), 422)
    assert body["problems"][0]["line"] == 2


def test_routines_are_shown_as_this_user_plays_them(client: Client) -> None:
    from datetime import UTC, datetime

    from loosen.storage.records import ScreeningRecord

    with client.app.history() as h:
        h.save_screening(ScreeningRecord(datetime.now(UTC), {"pregnancy": True}))
    r = client.call("GET", "/api/routines/glutes").json()["routine"]
    assert "Lying figure-four is replaced by Seated figure-four for you." in r["notes"]
    swapped = [m for m in r["moves"] if m["replaces_name"] == "Lying figure-four"]
    assert [m["name"] for m in swapped] == ["Seated figure-four", "Seated figure-four"]
    assert "supine-figure-four" not in [m["id"] for m in r["moves"]]
