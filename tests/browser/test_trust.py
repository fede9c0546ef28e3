"""Another user on the same machine: the cookie is no use elsewhere and no secret is in any argv.

Real Chromium, the real service, a second real HTTP server on 127.0.0.1 that plays the other
user's page, and a stand-in browser command that records its arguments and every process's.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import Web, fetch

pytestmark = pytest.mark.slow


class Other:
    """Another local server (another user's), recording the headers it is sent."""

    def __init__(self) -> None:
        seen: list[dict[str, str]] = []
        self.seen = seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append({k.lower(): v for k, v in self.headers.items()})
                body = b"<!doctype html><title>other</title><p>hello"
                self.send_response(200)
                self.send_header("content-type", "text/html")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other() -> Iterator[Other]:
    o = Other()
    try:
        yield o
    finally:
        o.close()


def session_cookie(context: BrowserContext) -> dict[str, object]:
    return next(dict(c) for c in context.cookies() if c["name"] == "loosen_session")


def test_another_local_server_never_gets_the_cookie(
    page: Page, context: BrowserContext, web: Web, other: Other
) -> None:
    cookie = session_cookie(context)
    web_host = urlsplit(web.base).hostname
    assert web_host is not None and re.fullmatch(r"[0-9a-f]{24}\.localhost", web_host)
    assert cookie["domain"] == web_host  # host-only: this one name, no other
    secret = str(cookie["value"])
    # the other user's page, on loopback addresses and another port, as the browser visits it
    for host in ("127.0.0.1", "localhost"):
        page.goto(f"http://{host}:{other.port}/")
        expect(page.locator("p")).to_have_text("hello")
    assert {h["host"] for h in other.seen} == {f"127.0.0.1:{other.port}", f"localhost:{other.port}"}
    for headers in other.seen:
        assert "loosen_session" not in headers.get("cookie", "")
        assert secret not in json.dumps(headers)
    # loosen itself on 127.0.0.1 gets no cookie either: the page says how to get in
    port = urlsplit(web.base).port
    response = page.goto(f"http://127.0.0.1:{port}/history")
    assert response is not None and response.status == 401
    expect(page.get_by_role("heading", level=1)).to_have_text("Open loosen from your computer")


def test_a_forged_or_old_cookie_is_refused(
    page: Page, context: BrowserContext, web: Web, home
) -> None:
    old = session_cookie(context)
    # a value from before a restart opens nothing: sessions live only as long as the service
    web.service.stop()
    web.service.start()
    assert web.base.split(":")[1] == f"//{old['domain']}"  # the same per-user name
    page.goto(web.url("/history"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open loosen from your computer")
    assert fetch(page, "/api/status")[0] == 401
    # nor a guessed value, nor the web-secret file older versions kept (it is deleted)
    assert not (home.data / "web-secret").exists()
    for value in ("guess", "A" * 43, str(old["value"])):
        context.clear_cookies()
        context.add_cookies([{**old, "value": value}])  # type: ignore[list-item]
        status, body = fetch(page, "/api/status")
        assert status == 401 and body["ok"] is False
    # a fresh login works again
    page.goto(web.login_url("dashboard"))
    page.wait_for_url(web.url("/"))
    assert fetch(page, "/api/status")[0] == 200


RECORDER = """\
import json, pathlib, sys
cmdlines = []
for d in pathlib.Path("/proc").iterdir():
    if d.name.isdigit():
        try:
            raw = (d / "cmdline").read_bytes()
        except OSError:
            continue
        cmdlines.append(raw.replace(b"\\0", b" ").decode(errors="replace"))
page = pathlib.Path(sys.argv[1].removeprefix("file://"))
json.dump(
    {"argv": sys.argv[1:], "cmdlines": cmdlines, "page": page.read_text(),
     "mode": page.stat().st_mode & 0o777},
    open(RECORD, "w"),
)
"""


def fake_browser(tmp_path: Path) -> tuple[Path, Path]:
    record = tmp_path / "browser-record.json"
    script = tmp_path / "fake-browser"
    script.write_text(f"#!{sys.executable}\nRECORD = {str(record)!r}\n{RECORDER}")
    script.chmod(0o755)
    return script, record


def test_loosen_open_puts_no_secret_in_any_command_line(
    context: BrowserContext, web: Web, tmp_path: Path
) -> None:
    script, record = fake_browser(tmp_path)
    r = web.home.run("open", "history", env={"BROWSER": str(script)})
    assert r.code == 0, r.err
    seen = json.loads(record.read_text())
    # the browser was given only a private file's address
    (arg,) = seen["argv"]
    assert arg.startswith("file://") and "/open-" in arg and "ticket" not in arg
    assert seen["mode"] == 0o600
    target = html.unescape(re.search(r'content="0;url=([^"]+)"', seen["page"])[1])  # type: ignore[index]
    ticket = parse_qs(urlsplit(target).query)["ticket"][0]
    token = str(web.service.runtime["token"])
    # no process on the machine had the ticket or the token in its arguments
    everything = "\n".join(seen["cmdlines"])
    assert "loosen" in everything  # the scan saw loosen's own processes
    assert ticket not in everything and token not in everything
    # the file forwards a real browser to the page, signed in; then it is gone
    page = Path(urlsplit(arg).path)
    assert page.exists() and stat.S_IMODE(page.stat().st_mode) == 0o600
    p = context.new_page()
    p.goto(arg)
    p.wait_for_url(web.url("/history"))
    expect(p.get_by_role("heading", level=1)).to_contain_text("History")
    assert not page.exists()


def test_a_forwarding_file_whose_ticket_expired_is_deleted(web: Web, tmp_path: Path) -> None:
    script, record = fake_browser(tmp_path)
    assert web.home.run("open", env={"BROWSER": str(script)}).code == 0
    first = Path(urlsplit(json.loads(record.read_text())["argv"][0]).path)
    assert first.exists()
    os.utime(first, (first.stat().st_atime - 61, first.stat().st_mtime - 61))  # a minute ago
    assert web.home.run("open", env={"BROWSER": str(script)}).code == 0
    second = Path(urlsplit(json.loads(record.read_text())["argv"][0]).path)
    assert second.exists() and not first.exists()
    # and whatever is left goes when the service stops
    web.service.stop()
    assert not second.exists()


def test_an_open_dashboard_asks_to_sign_in_again_after_a_restart(
    context: BrowserContext, home, tmp_path: Path
) -> None:
    import socket

    from tests.browser.conftest import shoot
    from tests.service.conftest import Service

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    home.config.mkdir(parents=True)
    (home.config / "settings.toml").write_text(f"[service]\nport = {port}\n")
    service = Service(home, {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}).start()
    try:
        web = Web(service, home)
        p = context.new_page()
        p.goto(web.login_url())
        p.wait_for_url(web.url("/"))
        expect(p.locator("#mode-line")).to_contain_text("You have been sitting")
        service.stop()
        service.start()  # the same address; the sign-in is gone
        expect(p.get_by_role("heading", level=1)).to_have_text(
            "Open loosen from your computer", timeout=20_000
        )
        shoot(p, "signed-out-after-restart")
    finally:
        service.stop()
