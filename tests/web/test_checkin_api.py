"""The check-in API in-process: advice by tier, the record, and the pause for tiers 1 and 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from loosen.core.advice import EMERGENCY_MESSAGE
from tests.web.asgi import RecordingControl, WebClient


def _status(control: RecordingControl) -> dict[str, Any]:
    paused = any(kind == "pause" for kind, _ in control.commands)
    return {"paused_until": "2026-11-25T00:00:00+00:00" if paused else None}


class Client(WebClient):
    def __init__(self, home: Path) -> None:
        super().__init__(home, control=RecordingControl("Paused.", _status))

    def post(self, body: Any) -> httpx.Response:
        return self.request("POST", "/api/checkin", json=body)

    def recorded(self) -> list[tuple[int | None, dict[str, bool], str | None]]:
        with self.app.history() as h:
            return [(c.tier, dict(c.answers), c.context) for c in h.recent_checkins()]


@pytest.fixture
def client(tmp_path: Path) -> Client:
    return Client(tmp_path)


def test_tier_one_is_only_the_emergency_message_recorded_and_paused(client: Client) -> None:
    body = client.post({"answers": {"bladder-bowel": True, "dizzy": True}}).json()
    assert body == {
        "ok": True,
        "tier": 1,
        "title": "Get emergency care now.",
        "paragraphs": EMERGENCY_MESSAGE.split("\n"),
        "ends_routine": True,
        "paused_until": "2026-11-25T00:00:00+00:00",
        "flagged": ["bladder-bowel", "dizzy"],
        "recorded": True,
    }
    assert client.control.commands == [("pause", {"until": "tomorrow"})]
    assert client.recorded() == [(1, {"bladder-bowel": True, "dizzy": True}, None)]


def test_tier_two_pauses_for_the_day_and_tier_three_does_not(client: Client) -> None:
    two = client.post({"answers": {"calf-swelling": True}, "context": "routine:glutes"}).json()
    assert (two["tier"], two["title"]) == (2, "Contact a clinician soon.")
    assert client.control.commands == [("pause", {"until": "tomorrow"})]
    three = client.post({"answers": {"sit-bone-pain": True, "dizzy": False}}).json()
    assert (three["tier"], three["paused_until"], three["ends_routine"]) == (3, None, False)
    assert len(client.control.commands) == 1
    assert [(t, c) for t, _, c in client.recorded()] == [(3, None), (2, "routine:glutes")]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, 'The request needs "answers": an object of question ids and true or false.'),
        ({"answers": {"dizzy": 1}}, 'The answer to "dizzy" must be true or false, not 1.'),
        (
            {"answers": {}, "context": "https://example.org"},
            '"context" must be "routine:" and a routine id, like "routine:glutes", not '
            "'https://example.org'.",
        ),
    ],
)
def test_bad_requests_are_refused_and_not_recorded(
    client: Client, body: dict[str, Any], error: str
) -> None:
    r = client.post(body)
    assert r.status_code == 400
    assert r.json() == {"ok": False, "error": error, "status": 400}
    assert client.control.commands == []
    assert not client.app.paths.history_db.exists() or client.recorded() == []
