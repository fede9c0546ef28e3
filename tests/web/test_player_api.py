"""The player's API in-process: pose data, a routine as planned for the user, and its outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from loosen.core.routine import build_timeline
from loosen.storage.records import ScreeningRecord
from loosen.terminal.run import prepare
from tests.web.asgi import RecordingControl, WebClient


class Client(WebClient):
    def __init__(self, home: Path, **env: str) -> None:
        super().__init__(home, control=RecordingControl("Break recorded. Well done."), env=env)

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None) -> Any:
        return self.request(method, path, json=body, content=raw)

    def screening(self, *flags: str) -> None:
        answers = {f: f in flags for f in ("hip-replacement", "knee-pain", "no-floor", "balance")}
        with self.app.history() as h:
            h.save_screening(ScreeningRecord(datetime.now(UTC), answers))


@pytest.fixture
def client(tmp_path: Path) -> Client:
    return Client(tmp_path)


def error_of(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status
    assert set(body) == {"ok", "error", "status"}
    assert "Traceback" not in r.text
    return str(body["error"])


def outcome_for(plan: dict[str, Any], status: str = "done", **extra: Any) -> dict[str, Any]:
    moves = [s for s in plan["steps"] if s["kind"] == "move"]
    steps = [
        {"move": s["move"], "side": s["side"], "status": status, "seconds": s["duration"]}
        for s in moves
    ]
    return {
        "outcome": "completed",
        "elapsed_seconds": plan["routine"]["total"],
        "steps": steps,
    } | extra


def test_pose_data_has_the_skeleton_and_every_keyframe_normalised(client: Client) -> None:
    body = client.call("GET", "/api/pose").json()
    assert body["skeleton"]["trunk"] == 0.3 and body["skeleton"]["head_radius"] == 0.065
    assert set(body["keyframes"]) == set(client.app.catalog.keyframes)
    stand = body["keyframes"]["REF_stand"]
    assert stand["hip"] == [0, 0.53]
    assert stand["angles"]["nHN"] == stand["angles"]["nFA"]  # hands resolved
    assert body["keyframes"]["1_seated_fig4_start"]["f"] == {"nTH": 0.7, "nSK": 0.35, "nFT": 0.6}


def test_a_routine_is_planned_as_the_terminal_plans_it(tmp_path: Path) -> None:
    client = Client(tmp_path, LOOSEN_ROUTINE_PROFILE="older-adult")
    client.screening("knee-pain", "no-floor")
    body = client.call("GET", "/api/play/glutes").json()
    expected = build_timeline(prepare(client.app, "glutes"))
    got = [(s["kind"], s["move"], s["side"], s["start"], s["duration"]) for s in body["steps"]]
    assert got == [(s.kind, s.move.id, s.side, s.start, s.duration) for s in expected.steps]
    assert body["routine"]["total"] == expected.total
    assert body["routine"]["profile"] == "older-adult"
    assert any("replaced by" in note for note in body["routine"]["notes"])
    assert "floor" not in body["routine"]["positions"]
    assert body["safety"]["screening_answered"] is True
    for step in body["steps"]:
        move = body["moves"][step["move"]]
        assert move["name"] and move["cue"] and move["animation"]["keyframes"]
    numbers = [s["number"] for s in body["steps"] if s["kind"] == "move"]
    assert numbers == list(range(1, body["routine"]["moves_count"] + 1))


def test_the_start_page_gets_the_safety_lines(client: Client) -> None:
    safety = client.call("GET", "/api/play/glutes").json()["safety"]
    assert any("Stop at once" in line for line in safety["lines"])
    assert safety["disclaimer"].startswith("loosen suggests general movement")
    routine = client.app.catalog.get("glutes")
    cautious = dict.fromkeys(i.move.id for i in routine.items if i.move.caution)
    assert [c["move"] for c in safety["cautions"]] == list(cautious)
    assert "supine-figure-four" in [c["move"] for c in safety["cautions"]]
    assert safety["screening_answered"] is False


@pytest.mark.parametrize("name", ["yoga", "desk.toml", "Desk", "-desk"])
def test_an_unknown_routine_is_a_404_naming_it_and_the_known_ones(
    client: Client, name: str
) -> None:
    from urllib.parse import quote

    message = error_of(client.call("GET", f"/api/play/{quote(name, safe='')}"), 404)
    assert f'There is no routine called "{name}".' in message
    assert "desk-short" in message and "glutes" in message


def test_a_completed_routine_is_saved_and_counts_as_the_break(client: Client) -> None:
    plan = client.call("GET", "/api/play/desk-short").json()
    before = datetime.now(UTC)
    r = client.call("POST", "/api/play/desk-short/outcome", outcome_for(plan))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["break_counted"] is True and body["done"] == body["steps"] == 8
    session = client.app.recent_sessions(1)[0]
    assert (session.routine_id, session.source, session.outcome) == (
        "desk-short",
        "web",
        "completed",
    )
    assert session.ended_at - session.started_at == timedelta(seconds=plan["routine"]["total"])
    assert [(s.move_id, s.side, s.status) for s in session.steps] == [
        (s["move"], s["side"], "done") for s in plan["steps"] if s["kind"] == "move"
    ]
    kind, sent = client.control.commands[0]
    since = datetime.fromisoformat(sent["since"])
    assert kind == "break-done" and since == session.started_at
    assert before - timedelta(seconds=plan["routine"]["total"] + 5) < since < before


def test_a_routine_left_early_is_saved_but_is_no_break(client: Client) -> None:
    plan = client.call("GET", "/api/play/desk-short").json()
    body = outcome_for(plan, status="not-reached", outcome="quit", elapsed_seconds=12.5)
    body["steps"][0] |= {"status": "skipped", "seconds": 12.5}
    r = client.call("POST", "/api/play/desk-short/outcome", body)
    assert r.status_code == 200, r.text
    assert r.json()["break_counted"] is False and r.json()["skipped"] == 1
    assert "Not counted as a break: 0:12 of moving" in r.json()["message"]
    assert client.app.recent_sessions(1)[0].outcome == "quit"
    # a break started from a prompt and quit early: the service's bout goes on
    assert client.control.commands == [("break-abandoned", {})]


def test_reaching_the_end_by_skipping_every_step_is_no_break(client: Client) -> None:
    plan = client.call("GET", "/api/play/desk-short").json()
    body = outcome_for(plan, status="skipped", outcome="completed", elapsed_seconds=20.0)
    for step in body["steps"]:
        step["seconds"] = 0.5
    r = client.call("POST", "/api/play/desk-short/outcome", body)
    assert r.status_code == 200, r.text
    assert r.json()["break_counted"] is False
    assert client.control.commands == [("break-abandoned", {})]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            {"outcome": "finished"},
            '"outcome" must be one of completed, quit, stopped, not "finished"',
        ),
        (
            {"elapsed_seconds": -1},
            '"elapsed_seconds" must be the seconds since the routine started',
        ),
        ({"elapsed_seconds": "5"}, 'not "5"'),
        ({"steps": "all"}, '"steps" must be a list'),
        ({"steps": []}, '"steps" has 0 entries, but "desk-short" as planned for you has 8'),
    ],
)
def test_a_bad_outcome_is_a_400_naming_the_field_and_value(
    client: Client, change: dict[str, Any], says: str
) -> None:
    plan = client.call("GET", "/api/play/desk-short").json()
    r = client.call("POST", "/api/play/desk-short/outcome", outcome_for(plan) | change)
    assert says in error_of(r, 400)
    assert client.app.recent_sessions(5) == []


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("move", "pigeon", 'steps[2].move is "pigeon", but move step 3 of "desk-short" is'),
        (
            "side",
            "right",
            'steps[2].side is "right", but move step 3 of "desk-short" is on the left',
        ),
        (
            "status",
            "maybe",
            'steps[2].status must be one of done, skipped, not-reached, not "maybe"',
        ),
        ("status", "not-reached", "the outcome says the routine was completed"),
        ("seconds", None, "steps[2].seconds must be the seconds spent in the step"),
    ],
)
def test_a_bad_step_is_a_400_naming_it(client: Client, field: str, value: Any, says: str) -> None:
    plan = client.call("GET", "/api/play/desk-short").json()
    body = outcome_for(plan)
    body["steps"][2][field] = value
    assert says in error_of(client.call("POST", "/api/play/desk-short/outcome", body), 400)


def test_a_body_that_is_not_json_is_a_400(client: Client) -> None:
    r = client.call("POST", "/api/play/desk-short/outcome", raw=b"{not json")
    assert error_of(r, 400).startswith("The request body is not valid JSON: Expecting property")


def test_a_routine_imported_while_the_service_runs_can_be_played_at_once(client: Client) -> None:
    assert client.call("GET", "/api/play/my-hips").status_code == 404  # not yet
    text = (
        'name = "My hips"\nsummary = "Two moves at my desk."\n'
        '[[moves]]\nmove = "seated-figure-four"\n'
    )
    r = client.call("POST", "/api/routines/import", {"filename": "my-hips.toml", "text": text})
    assert r.status_code == 200, r.text
    plan = client.call("GET", "/api/play/my-hips").json()
    assert plan["routine"]["name"] == "My hips"
    assert {s["move"] for s in plan["steps"] if s["kind"] == "move"} == {"seated-figure-four"}
