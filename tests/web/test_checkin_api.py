"""The check-in API in-process: advice by tier, the record, and the pause for tiers 1 and 2."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from loosen.app import App
from loosen.core.advice import EMERGENCY_MESSAGE
from loosen.web.app import create_app
from loosen.web.auth import Access
from loosen.web.context import WebContext
from loosen.web.hub import Hub

TOKEN = "test-token"


class Control:
    def __init__(self) -> None:
        self.commands: list[tuple[str, dict[str, Any]]] = []

    def status(self) -> dict[str, Any]:
        paused = any(kind == "pause" for kind, _ in self.commands)
        return {"paused_until": "2026-11-25T00:00:00+00:00" if paused else None}

    def timeline(self) -> dict[str, Any]:
        return {}

    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        self.commands.append((kind, dict(body)))
        return True, "Paused."


class Client:
    def __init__(self, home: Path) -> None:
        env = {"LOOSEN_CONFIG_DIR": str(home / "config"), "LOOSEN_DATA_DIR": str(home / "data")}

        async def reconfigure() -> list[str]:
            return []

        self.app = App.from_environ(env)
        self.control = Control()
        ctx = WebContext(self.app, self.control, Hub(), Access(TOKEN), reconfigure)
        self.asgi = create_app(ctx)

    def post(self, body: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.asgi)
            headers = {"Authorization": f"Bearer {TOKEN}"}
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                return await c.post("/api/checkin", json=body, headers=headers)

        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()

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
