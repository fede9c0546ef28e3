"""Over-long names and bursts: clear 4xx (or 503) answers in the one JSON error shape."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.web.asgi import TOKEN, WebClient
from tests.web.test_history_api import fill_history

CSS = "checkin.css"


def test_a_very_long_static_path_is_a_404_not_a_500(tmp_path: Path) -> None:
    client = WebClient(tmp_path)
    for path in ("a" * 60_000 + ".js", "a/" * 20_000 + "x.css", "x" * 300 + ".css"):
        r = client.request("GET", "/static/" + path)
        assert r.status_code == 404, path[:20]
        assert r.json() == {"ok": False, "error": "Not found.", "status": 404}
    assert client.request("GET", "/static/css/" + CSS).status_code == 200


def test_importing_a_file_with_a_300_character_name_is_a_400_that_says_why(
    tmp_path: Path,
) -> None:
    client = WebClient(tmp_path)
    name = "a" * 300 + ".toml"
    r = client.request("POST", "/api/routines/import", json={"filename": name, "text": ""})
    assert r.status_code == 400
    assert r.json() == {
        "ok": False,
        "error": "The file name has 305 characters; a routine file's name has 255 at most "
        "(its id, up to 64, and .toml).",
        "status": 400,
    }
    name = "a" * 100 + ".toml"  # a name the file system allows, but too long an id
    r = client.request("POST", "/api/routines/import", json={"filename": name, "text": ""})
    assert r.status_code == 400
    assert r.json()["problems"][0]["message"] == (
        'The file name has 105 characters; a routine\'s id (the name without ".toml") may '
        "have 64 at most."
    )
    assert not (tmp_path / "config" / "routines").exists()


def test_a_long_routine_name_in_the_player_url_is_echoed_short(tmp_path: Path) -> None:
    client = WebClient(tmp_path)
    r = client.request("GET", "/api/play/" + "a" * 5000)
    assert r.status_code == 404
    assert r.json()["error"].startswith('There is no routine called "' + "a" * 57 + '...". ')


def test_a_burst_of_history_requests_runs_one_child_and_refuses_the_rest(tmp_path: Path) -> None:
    client = WebClient(tmp_path)
    fill_history(client.app.paths.history_db)

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=client.asgi)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            return await asyncio.gather(
                *(c.get("/api/history?range=week", headers=headers) for _ in range(20))
            )

    answers = asyncio.run(burst())
    ok = [r for r in answers if r.status_code == 200]
    refused = [r for r in answers if r.status_code == 503]
    assert len(ok) + len(refused) == 20
    assert 1 <= len(ok) <= 4  # one child at a time, three more waiting their turn
    for r in refused:
        assert r.json() == {
            "ok": False,
            "error": "loosen is already reading the history for other requests; try again in a "
            "moment.",
            "status": 503,
        }
        assert r.headers["retry-after"] == "2"
    assert client.request("GET", "/api/history?range=week").status_code == 200  # and after
