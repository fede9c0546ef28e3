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
from collections.abc import Callable, Iterator
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
    # the long-lived cookie secret an older version kept: the service deletes it when it starts
    secret_file = home.data / "web-secret"
    secret_file.write_text(str(old["value"]) + "\n")
    secret_file.chmod(0o600)
    web.service.start()
    assert not secret_file.exists()
    assert web.base.split(":")[1] == f"//{old['domain']}"  # the same per-user name
    page.goto(web.url("/history"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open loosen from your computer")
    assert fetch(page, "/api/status")[0] == 401
    # nor a guessed value, nor the value the web-secret file held
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


def unauthenticated_answers(port: int) -> list[str]:
    """Every route of the web app, asked as another local user would: no token, no cookie, with
    and without bogus tickets, on every loopback name. Each answer whole: status, headers, body."""
    import http.client
    import importlib
    import socket
    from unittest.mock import MagicMock

    from loosen.web.app import ROUTE_MODULES

    fill = {"{kind}": "pause", "{name}": "desk-short", "{path:path}": "css/loosen.css"}
    paths = {"/login", "/nowhere", "/api/nowhere", "/static/nowhere"}
    for module in ROUTE_MODULES:
        for route in importlib.import_module(module).routes(MagicMock()):
            path = route.path
            for key, value in fill.items():
                path = path.replace(key, value)
            paths.add(path)
    queries = ("", "?ticket=bogus", "?ticket=", "?ticket=bogus&next=/history", "?next=//x")
    hosts = (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "127.0.0.1", "x.localhost")
    answers = []
    for path in sorted(paths):
        for query in queries:
            for host in hosts:
                for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    body = b"{}" if method in ("POST", "PUT") else None
                    headers = {"Host": host, "Content-Type": "application/json"}
                    conn.request(method, path + query, body=body, headers=headers)
                    r = conn.getresponse()
                    answers.append(f"{method} {host}{path}{query} -> {r.status} {r.getheaders()}")
                    answers.append(r.read().decode("utf-8", "replace"))
                    conn.close()
    # and what the server itself says to a request it cannot parse
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GARBAGE\r\n\r\n")
        answers.append(s.recv(65536).decode("utf-8", "replace"))
    return answers


def test_no_unauthenticated_answer_names_the_per_user_address(
    page: Page, context: BrowserContext, web: Web, other: Other
) -> None:
    """The label is as secret as the cookie: whoever learns it serves a page on
    <label>.localhost:<their port>, and the browser sends that page the cookie."""
    label = str(urlsplit(web.base).hostname).split(".")[0]
    port = int(str(web.service.runtime["port"]))
    answers = unauthenticated_answers(port)
    # the attacker reads everything it was told, and tries every name that looks like a label
    found = set(re.findall(r"([0-9a-f]{24})\.localhost", "\n".join(answers)))
    for guess in found:
        page.goto(f"http://{guess}.localhost:{other.port}/")
        expect(page.locator("p")).to_have_text("hello")
    stolen = [h for h in other.seen if "loosen_session" in h.get("cookie", "")]
    assert not stolen, f"another local server received the cookie: {stolen}"
    assert not found and not any(label in a for a in answers)
    # nor does a bogus ticket followed by the browser lead anywhere but the page that says how
    # to get in, on the address it was sent to
    for host in ("127.0.0.1", "localhost"):
        response = page.goto(f"http://{host}:{port}/login?ticket=bogus&next=/history")
        assert response is not None and response.status == 401
        assert urlsplit(page.url).hostname == host
        expect(page.get_by_role("heading", level=1)).to_have_text("Open loosen from your computer")
    # the log says nothing of it either
    web.service.stop()
    logs = [web.service.output, *(p.read_text() for p in web.home.data.rglob("*.log"))]
    assert not any(label in text for text in logs)


def test_a_ticket_on_127_0_0_1_still_signs_in_on_the_per_user_address(
    context: BrowserContext, web: Web
) -> None:
    """An address on 127.0.0.1 with a valid ticket (typed by hand, from an older loosen) goes on
    to the per-user name, signed in: only a ticket's holder is told the name."""
    login = urlsplit(web.login_url("history"))
    port = urlsplit(web.base).port
    p = context.new_page()
    p.goto(f"http://127.0.0.1:{port}{login.path}?{login.query}")
    p.wait_for_url(web.url("/history"))
    expect(p.get_by_role("heading", level=1)).to_contain_text("History")
    # the ticket was spent on the way: the same address again only says how to get in
    response = p.goto(f"http://127.0.0.1:{port}{login.path}?{login.query}")
    assert response is not None and response.status == 401


XDG_OPEN = """\
import json, pathlib, sys
cmdlines = []
for d in pathlib.Path("/proc").iterdir():
    if d.name.isdigit():
        try:
            raw = (d / "cmdline").read_bytes()
        except OSError:
            continue
        cmdlines.append(raw.replace(b"\\0", b" ").decode(errors="replace"))
with open(RECORD, "a") as f:
    f.write(json.dumps({"argv": sys.argv[1:], "cmdlines": cmdlines}) + "\\n")
"""


def test_the_tray_and_the_notification_put_no_secret_in_any_command_line(
    context: BrowserContext, home, tmp_path: Path
) -> None:
    """The tray icon's "Open dashboard" and a break notification's "Start routine" open the
    browser (xdg-open) on a private forwarding file, as `loosen open` does."""
    import asyncio
    from datetime import UTC, datetime, timedelta

    from loosen.storage.activity import ActivityLog
    from loosen.storage.history import History
    from tests import fake_tray_host
    from tests.desktop import session_bus, xvfb
    from tests.notify_server import serve
    from tests.service.conftest import Service

    bin_ = tmp_path / "bin"
    bin_.mkdir()
    record = tmp_path / "xdg-open.jsonl"
    (bin_ / "xdg-open").write_text(f"#!{sys.executable}\nRECORD = {str(record)!r}\n{XDG_OPEN}")
    (bin_ / "xdg-open").chmod(0o755)
    # a bout of 70 minutes so far: the break is due the moment the service starts
    history = History(home.data / "history.sqlite3")
    now = datetime.now(UTC)
    ActivityLog(history).start_bout(now - timedelta(minutes=70))
    ActivityLog(history).checkpoint(now - timedelta(seconds=5))
    history.close()

    def opened(n: int) -> list[dict[str, list[str]]]:
        lines: list[str] = []
        for _ in range(400):  # xdg-open runs in the background
            lines = record.read_text().splitlines() if record.exists() else []
            if len(lines) >= n:
                break
            threading.Event().wait(0.05)
        assert len(lines) == n, lines
        return [json.loads(line) for line in lines]

    with xvfb() as display, session_bus() as address:
        env = {
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": address,
            "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}",
            "BROWSER": "",
            # "Start routine" opens the routine in the browser (with a break screen it would
            # play there instead: tests/service/test_break_screen.py)
            "LOOSEN_BREAKS_SCREEN": "false",
        }
        service = Service(home, env)
        calls: list[dict[str, list[str]]] = []

        async def desktop() -> None:
            panel = await fake_tray_host.serve(address)
            bus, notifications = await serve(address)
            await asyncio.to_thread(service.start)
            for _ in range(400):  # the prompt, and the tray registered
                if panel.watcher.items and any(
                    n["summary"] == "Time to move" for n in notifications.shown
                ):
                    break
                await asyncio.sleep(0.05)
            await panel.activate()  # a click on the tray icon: the dashboard
            calls.extend(await asyncio.to_thread(opened, 1))
            prompt = next(n for n in notifications.shown if n["summary"] == "Time to move")
            assert "start" in [k for k, _ in prompt["actions"]]
            notifications.ActionInvoked(prompt["id"], "start")  # "Start routine"
            calls[:] = await asyncio.to_thread(opened, 2)
            bus.disconnect()
            panel.bus.disconnect()

        # the D-Bus side on a loop of its own: Playwright's sync API holds this thread's
        failed: list[BaseException] = []
        thread = threading.Thread(
            target=lambda: failed.extend(_raised(lambda: asyncio.run(desktop())))
        )
        thread.start()
        thread.join(timeout=120)
        try:
            assert not thread.is_alive() and not failed, failed
            token = str(service.runtime["token"])
            web = Web(service, home)
            for call, page in zip(calls, ("/", "/routine/desk-short?break=1"), strict=True):
                (arg,) = call["argv"]
                assert arg.startswith("file://") and "ticket" not in arg and token not in arg
                file = Path(urlsplit(arg).path)
                assert stat.S_IMODE(file.stat().st_mode) == 0o600
                target = html.unescape(
                    re.search(r'content="0;url=([^"]+)"', file.read_text())[1]  # type: ignore[index]
                )
                ticket = parse_qs(urlsplit(target).query)["ticket"][0]
                everything = "\n".join(call["cmdlines"])
                assert "loosen" in everything and ticket not in everything
                assert token not in everything
                # and the file takes a real browser there, signed in
                p = context.new_page()
                p.goto(arg)
                p.wait_for_url(web.url(page))
                assert not file.exists()
        finally:
            service.stop()


def _raised(run: Callable[[], object]) -> list[BaseException]:
    try:
        run()
    except BaseException as exc:  # noqa: BLE001 (handed to the test's thread)
        return [exc]
    return []
