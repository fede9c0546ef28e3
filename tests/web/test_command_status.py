"""A command the service refuses is 409, one whose request is wrong is 400: in every language."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loosen.service.requests import BadRequest
from tests.web.asgi import RecordingControl, WebClient


class Refusing(RecordingControl):
    def __init__(self, answer: str) -> None:
        super().__init__()
        self.refusal = answer

    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        return False, self.refusal


def test_a_wrong_request_is_400_and_a_refusal_409_whatever_their_language(tmp_path: Path) -> None:
    wrong = WebClient(tmp_path, control=Refusing(BadRequest("Requête incorrecte : « moved »")))
    r = wrong.request("POST", "/api/answer", json={"moved": True})
    assert (r.status_code, r.json()["error"]) == (400, "Requête incorrecte : « moved »")
    refused = WebClient(tmp_path, control=Refusing("Bad luck: there is no break to snooze."))
    assert refused.request("POST", "/api/snooze").status_code == 409


def test_the_runner_says_which_of_its_answers_are_wrong_requests() -> None:
    from loosen.core.coach import Coach
    from loosen.core.policy import BreakPolicy
    from loosen.service.runner import Runner
    from loosen.testing import FakeClock

    runner = Runner.__new__(Runner)  # only the command checks are exercised
    runner.clock = FakeClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # type: ignore[assignment]
    runner.localize = lambda d: d  # type: ignore[method-assign,assignment]
    runner.coach = Coach(BreakPolicy(), lambda d: d)

    async def ask(kind: str, body: dict[str, Any]) -> tuple[bool, str]:
        return await runner.command(kind, body)

    for kind, body in (
        ("pause", {"minutes": "soon"}),
        ("answer", {"moved": "yes"}),
        ("break-done", {"since": "yesterday"}),
        ("break", {"player": "vr"}),
        ("fly", {}),
    ):
        ok, message = asyncio.run(ask(kind, body))
        assert not ok and isinstance(message, BadRequest), (kind, message)
