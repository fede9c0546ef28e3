"""The settings API in-process: what GET describes, what PUT accepts, refuses and applies."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.asgi import WebClient


class Client(WebClient):
    def __init__(self, home: Path, extra_env: Mapping[str, str] | None = None) -> None:
        self.reconfigured = 0

        async def reconfigure() -> list[str]:  # as the service does: reload, then use
            from loosen.config import load_settings

            self.reconfigured += 1
            self.app.__dict__["settings"] = load_settings(self.file, self.app.environ)
            return []

        super().__init__(home, env=extra_env, reconfigure=reconfigure)
        self.file = self.app.paths.settings_file

    def call(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return self.request(method, path, json=body)


@pytest.fixture
def client(tmp_path: Path) -> Client:
    return Client(tmp_path)


def setting(body: dict[str, Any], key: str) -> dict[str, Any]:
    section = key.split(".")[0]
    sec = next(s for s in body["sections"] if s["id"] == section)
    return next(s for s in sec["settings"] if s["key"] == key)  # type: ignore[no-any-return]


def test_get_describes_every_setting_with_value_default_help_and_form(client: Client) -> None:
    body = client.call("GET", "/api/settings").json()
    assert body["ok"] is True
    assert body["file"] == {"path": str(client.file), "exists": False, "editable": True}
    assert body["problems"] == []
    assert [s["id"] for s in body["sections"]][:2] == ["breaks", "hours"]
    interval = setting(body, "breaks.interval_minutes")
    assert interval | {"doc": ""} == {
        "key": "breaks.interval_minutes",
        "name": "interval_minutes",
        "label": "Break after sitting for",
        "kind": "int",
        "value": 60,
        "default": 60,
        "in_file": False,
        "min": 20,
        "max": 180,
        "unit": "min",
        "choices": [],
        "options": [],
        "max_items": None,
        "max_length": None,
        "form": "20–180",
        "doc": "",
        "applies": "now",
        "env": None,
    }
    assert interval["doc"].startswith("A movement break after this much sitting")
    assert setting(body, "service.port")["applies"] == "restart"
    routine = setting(body, "breaks.routine")
    assert {"value": "desk-short", "label": "Desk, five minutes (desk-short)"} in routine["options"]
    assert setting(body, "hours.days")["choices"][:2] == ["mon", "tue"]


def test_put_saves_only_the_changes_reloads_and_says_what_needs_a_restart(client: Client) -> None:
    r = client.call(
        "PUT", "/api/settings", {"breaks": {"interval_minutes": 40}, "service": {"port": 8765}}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["changed"] == ["breaks.interval_minutes", "service.port"]
    assert body["restart_needed"] == ["service.port"]
    assert body["message"] == (
        f"Saved 2 settings to {client.file}. breaks.interval_minutes is in use now. service.port "
        "takes effect when loosen restarts (`loosen stop`, then `loosen start`)."
    )
    assert client.reconfigured == 1 and client.app.settings.breaks.interval_minutes == 40
    interval = setting(body, "breaks.interval_minutes")
    assert (interval["value"], interval["in_file"]) == (40, True)
    # the same again: nothing to write, nothing to reload
    again = client.call("PUT", "/api/settings", {"breaks": {"interval_minutes": 40}}).json()
    assert again["changed"] == [] and again["message"].startswith("Nothing to save")
    assert client.reconfigured == 1


def test_put_refuses_bad_values_with_a_problem_per_key_and_writes_nothing(client: Client) -> None:
    r = client.call(
        "PUT",
        "/api/settings",
        {"breaks": {"interval_minutes": "sixty", "skips_per_day": -1}, "hours": {"end": "25:00"}},
    )
    assert r.status_code == 400
    body = r.json()
    assert body["ok"] is False and body["status"] == 400
    assert body["error"] == f"3 settings have problems, so nothing was saved to {client.file}."
    assert body["problems"] == [
        {
            "key": "breaks.interval_minutes",
            "value": "sixty",
            "error": 'breaks.interval_minutes: Found "sixty"; expected a whole number at least 20 '
            "and at most 180.",
        },
        {
            "key": "breaks.skips_per_day",
            "value": -1,
            "error": "breaks.skips_per_day: Found -1; expected a whole number at least 0 and at "
            "most 24.",
        },
        {
            "key": "hours.end",
            "value": "25:00",
            "error": 'hours.end: Found "25:00"; expected a 24-hour time in quotes, like "09:00".',
        },
    ]
    assert not client.file.exists() and client.reconfigured == 0


def test_put_needs_a_json_object_of_tables(client: Client) -> None:
    r = client.call("PUT", "/api/settings", ["breaks"])
    assert r.status_code == 400
    assert r.json()["error"] == "The request body must be a JSON object, not list."
    r = client.call("PUT", "/api/settings", {"breaks": 60})
    assert r.status_code == 400
    assert r.json()["problems"] == [
        {"key": "", "value": None, "error": f"{client.file}: breaks: Found 60; expected a table."}
    ]


def test_a_setting_from_the_environment_is_read_only(tmp_path: Path) -> None:
    client = Client(tmp_path, {"LOOSEN_HOURS_ENABLED": "true"})
    body = client.call("GET", "/api/settings").json()
    enabled = setting(body, "hours.enabled")
    assert enabled["value"] is True
    assert enabled["env"] == {"name": "LOOSEN_HOURS_ENABLED", "value": "true"}
    r = client.call("PUT", "/api/settings", {"hours": {"enabled": False}})
    assert r.status_code == 400 and r.json()["problems"][0]["key"] == "hours.enabled"


def test_a_broken_file_is_described_and_refused_with_409(client: Client) -> None:
    client.file.parent.mkdir(parents=True)
    client.file.write_text("[breaks\n")
    body = client.call("GET", "/api/settings").json()
    assert body["file"]["editable"] is False
    assert body["problems"][0]["key"] == ""
    assert body["problems"][0]["error"].startswith(f"{client.file}: line 1, column")
    r = client.call("PUT", "/api/settings", {"breaks": {"interval_minutes": 30}})
    assert r.status_code == 409
    assert "will not overwrite it" in r.json()["error"]
    assert client.file.read_text() == "[breaks\n"
