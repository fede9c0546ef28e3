"""The control API's local-security rules, over real HTTP against the running service."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def api(service):
    service.start()
    rt = service.runtime
    base = f"http://127.0.0.1:{rt['port']}"
    auth = {"Authorization": f"Bearer {rt['token']}"}
    with httpx.Client(base_url=base, timeout=10) as client:
        yield client, auth


def shape(r: httpx.Response, status: int) -> str:
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False
    assert body["status"] == status
    assert "Traceback" not in r.text
    return body["error"]


def test_the_token_is_required(api):
    client, auth = api
    assert shape(client.get("/api/status"), 401) == (
        "A valid token is required; use the `loosen` command."
    )
    assert shape(client.get("/api/status", headers={"Authorization": "Bearer nope"}), 401)
    assert client.get("/api/status", headers=auth).json()["ok"] is True


def test_only_local_host_names_are_served(api):
    client, auth = api
    r = client.get("/api/status", headers={**auth, "Host": "evil.example"})
    assert shape(r, 421) == "This address is not allowed; use http://127.0.0.1."
    r = client.get("/api/status", headers={**auth, "Host": "localhost:1234"})
    assert r.status_code == 200


def test_cross_site_state_changes_are_refused(api):
    client, auth = api
    r = client.post("/api/moved", headers={**auth, "Origin": "http://evil.example"})
    assert shape(r, 403) == "Cross-site requests are refused."
    r = client.post("/api/moved", headers={**auth, "Sec-Fetch-Site": "cross-site"})
    assert shape(r, 403) == "Cross-site requests are refused."
    r = client.post(
        "/api/moved",
        headers={**auth, "Origin": "http://127.0.0.1:9", "Sec-Fetch-Site": "same-origin"},
    )
    assert r.status_code == 200 and r.json()["ok"] is True


def test_bad_requests_get_one_json_error_shape(api):
    client, auth = api
    assert shape(client.post("/api/pause", headers=auth, content=b"{not json"), 400) == (
        "The request body is not valid JSON."
    )
    assert shape(client.post("/api/pause", headers=auth, json=[1]), 400) == (
        "The request body must be a JSON object."
    )
    assert shape(client.post("/api/pause", headers=auth, json={"minutes": 0}), 400) == (
        'Bad request: give "minutes" (1 to 1440) or "until": "tomorrow".'
    )
    assert shape(client.post("/api/launch", headers=auth), 404) == 'There is no command "launch".'
    assert shape(client.get("/api/moved", headers=auth), 405) == "Method not allowed."
    assert shape(client.get("/nothing-here", headers=auth), 404) == "Not found."
    assert shape(client.post("/api/snooze", headers=auth), 409) == (
        "There is no break coming up to snooze."
    )


def test_security_headers_and_a_fresh_date(api):
    client, auth = api
    r1 = client.get("/api/status", headers=auth)
    assert r1.headers["content-security-policy"].startswith("default-src 'none'")
    assert r1.headers["x-content-type-options"] == "nosniff"
    assert "server" not in r1.headers
    time.sleep(1.1)
    r2 = client.get("/api/status", headers=auth)
    d1 = parsedate_to_datetime(r1.headers["date"])
    d2 = parsedate_to_datetime(r2.headers["date"])
    assert d2 > d1  # computed per response, not cached by a ticking loop
