"""The control API's local-security rules, over real HTTP against the running service."""

from __future__ import annotations

import html
import re
import time
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

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


def onward(r: httpx.Response) -> str:
    """Where the login page sends the browser on to (its meta refresh)."""
    m = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', r.text)
    assert m is not None, r.text
    return html.unescape(m[1])


def test_the_token_is_required(api):
    client, auth = api
    assert shape(client.get("/api/status"), 401) == (
        "A valid token is required: use the `loosen` command, or open the web app with "
        "`loosen open`."
    )
    assert shape(client.get("/api/status", headers={"Authorization": "Bearer nope"}), 401)
    assert client.get("/api/status", headers=auth).json()["ok"] is True


def test_only_this_servers_own_names_and_port_are_served(api, service):
    client, auth = api
    port = client.base_url.port
    web = urlsplit(service.runtime["web"])
    assert web.hostname.endswith(".localhost") and web.port == port
    r = client.get("/api/status", headers={**auth, "Host": "evil.example"})
    assert shape(r, 421) == "This address is not allowed; open the web app with `loosen open`."
    # the right name on another port, and another *.localhost name, are not this server
    assert shape(client.get("/api/status", headers={**auth, "Host": "localhost:1234"}), 421)
    assert shape(client.get("/api/status", headers={**auth, "Host": f"x.localhost:{port}"}), 421)
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", web.netloc):
        assert client.get("/api/status", headers={**auth, "Host": host}).status_code == 200


def test_cross_site_state_changes_are_refused(api):
    client, auth = api
    r = client.post("/api/moved", headers={**auth, "Origin": "http://evil.example"})
    assert shape(r, 403) == "Cross-site requests are refused."
    r = client.post("/api/moved", headers={**auth, "Sec-Fetch-Site": "cross-site"})
    assert shape(r, 403) == "Cross-site requests are refused."
    r = client.post(
        "/api/moved",
        headers={
            **auth,
            "Origin": f"http://127.0.0.1:{client.base_url.port}",
            "Sec-Fetch-Site": "same-origin",
        },
    )
    assert r.status_code == 200 and r.json()["ok"] is True


def test_bad_requests_get_one_json_error_shape(api):
    client, auth = api
    assert shape(client.post("/api/pause", headers=auth, content=b"{not json"), 400) == (
        "The request body is not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)."
    )
    assert shape(client.post("/api/pause", headers=auth, json=[1]), 400) == (
        "The request body must be a JSON object, not list."
    )
    assert shape(client.post("/api/pause", headers=auth, json={"minutes": 0}), 400) == (
        'Bad request: give "minutes" (a whole number from 1 to 1440, not 0) or "until": "tomorrow".'
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


def test_a_ticket_is_made_only_with_the_token_and_works_once(api, service):
    client, auth = api
    web = {"Host": urlsplit(service.runtime["web"]).netloc}
    assert shape(client.post("/api/ticket"), 401)
    ticket = client.post("/api/ticket", headers=auth).json()["ticket"]
    # on 127.0.0.1 a valid ticket is spent and a fresh one goes on to the per-user name (only
    # a ticket's holder is told that name); without one, nothing names it
    r = client.get("/login", params={"ticket": "bogus", "next": "/history"})
    assert r.status_code == 401 and "location" not in r.headers
    r = client.get("/login", params={"ticket": ticket, "next": "/history"})
    assert r.status_code == 307 and "set-cookie" not in r.headers
    location = urlsplit(r.headers["location"])
    assert f"http://{location.netloc}" == service.runtime["web"] and location.path == "/login"
    assert client.get("/login", params={"ticket": ticket}).status_code == 401  # spent
    ticket = parse_qs(location.query)["ticket"][0]
    assert parse_qs(location.query)["next"] == ["/history"]
    r = client.get("/login", params={"ticket": ticket, "next": "/history"}, headers=web)
    assert r.status_code == 200 and onward(r) == "/history"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "domain" not in cookie.lower()  # host-only
    secret = cookie.split(";")[0].split("=", 1)[1]
    client.cookies.clear()
    # the cookie opens the API and the pages on the per-user name only; the used ticket nothing
    with_cookie = {"Cookie": f"loosen_session={secret}"}
    assert client.get("/api/status", headers={**web, **with_cookie}).json()["ok"] is True
    assert shape(client.get("/api/status", headers=with_cookie), 401)
    assert client.get("/login", params={"ticket": ticket}, headers=web).status_code == 401
    guess = {**web, "Cookie": "loosen_session=guess"}
    assert client.get("/api/status", headers=guess).status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_login_never_sends_the_browser_to_another_site(api, service, target):
    client, auth = api
    ticket = client.post("/api/ticket", headers=auth).json()["ticket"]
    web = {"Host": urlsplit(service.runtime["web"]).netloc}
    r = client.get("/login", params={"ticket": ticket, "next": target}, headers=web)
    assert r.status_code == 200 and onward(r) == "/"


def test_pages_carry_a_strict_content_security_policy(api):
    client, auth = api
    r = client.get("/", headers=auth)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    # without the cookie a page explains how to get in, and shows nothing of the user's
    r = client.get("/history")
    assert r.status_code == 401 and "loosen open" in r.text


@pytest.mark.parametrize(
    "path", ["/static/../__init__.py", "/static/%2e%2e/app.py", "/static/.hidden", "/static/x.py"]
)
def test_static_files_stay_inside_the_static_folder(api, path):
    client, _auth = api
    assert shape(client.get(path), 404) == "Not found."


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "The request body is nested too deeply."),
        (b'{"minutes": NaN}', "The request body is not valid JSON: NaN is not a number JSON"),
        (b'{"x": "\\ud800"}', "The request body has text that is not valid Unicode (UTF-8)."),
        (b"\xff\xfe", "The request body has text that is not valid Unicode (UTF-8)."),
        (b"[1, 2]", "The request body must be a JSON object, not list."),
    ],
)
def test_bad_bodies_get_one_sentence_and_change_nothing(api, body, says):
    client, auth = api
    r = client.post("/api/pause", content=body, headers=auth)
    assert shape(r, 400).startswith(says)
    assert client.get("/api/status", headers=auth).json()["paused_until"] is None


def test_a_huge_body_is_refused_before_it_is_read(api):
    client, auth = api
    r = client.post("/api/pause", content=b" " * 1_000_001, headers=auth)
    assert shape(r, 413) == "The request body is 1,000,001 bytes; 1,000,000 at most."


def test_a_page_of_another_local_server_cannot_post(api):
    client, auth = api
    port = client.base_url.port
    r = client.post("/api/moved", headers={**auth, "Origin": f"http://127.0.0.1:{port + 1}"})
    assert shape(r, 403) == "Cross-site requests are refused."
    r = client.post("/api/moved", headers={**auth, "Origin": f"http://127.0.0.1:{port}"})
    assert r.status_code == 200


@pytest.mark.parametrize("host", ["[::1]evil.example", "127.0.0.1:80:80", "127.0.0.1.evil"])
def test_odd_host_headers_are_refused(api, host):
    client, auth = api
    assert shape(client.get("/api/status", headers={**auth, "Host": host}), 421)


@pytest.mark.parametrize(
    ("since", "says"),
    [
        (
            "2030-01-01T00:00:00+00:00",
            'Bad request: "since" (2030-01-01T00:00:00+00:00) is in the future.',
        ),
        (
            "2000-01-01T00:00:00+00:00",
            'Bad request: "since" (2000-01-01T00:00:00+00:00) is more than a day ago.',
        ),
        (5, 'Bad request: "since" must be an ISO 8601 instant with a time zone, not 5.'),
    ],
)
def test_a_break_done_cannot_rewrite_the_history(api, since, says):
    client, auth = api
    r = client.post("/api/break-done", json={"since": since}, headers=auth)
    assert shape(r, 400) == says
    assert client.get("/api/status", headers=auth).json()["today"]["longest_bout_seconds"] < 600


def test_a_field_a_command_does_not_take_is_refused_not_ignored(api):
    client, auth = api
    r = client.post("/api/snooze", json={"minutes": 10}, headers=auth)
    assert shape(r, 400) == 'Bad request: "snooze" takes no fields, not "minutes".'
    r = client.post("/api/pause", json={"minutes": 10, "hours": 1}, headers=auth)
    assert shape(r, 400) == 'Bad request: "pause" takes only "minutes" and "until", not "hours".'
    assert client.get("/api/status", headers=auth).json()["paused_until"] is None
