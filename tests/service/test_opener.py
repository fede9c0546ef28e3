"""'Start routine' in a break notification: the web player in the browser, else the terminal."""

from __future__ import annotations

import html
import os
import re
import stat
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from loosen.service.opener import RoutineOpener, browser_opener


def opener(
    preference: str, browser: bool = True, terminal: bool = True, folder: Path | None = None
):
    calls: list[tuple[str, str]] = []
    o = RoutineOpener(
        lambda: preference,
        (lambda url: calls.append(("browser", url))) if browser else None,
        (lambda name: calls.append(("terminal", name))) if terminal else None,
        detect=False,
    )
    tickets = iter(["t1", "t2"])
    o.listening("http://abc.localhost:4321", lambda: next(tickets), folder or Path("/nowhere"))
    return o, calls


def forwarded_to(file_url: str) -> str:
    """The address a forwarding file sends the browser on to."""
    page = Path(urlsplit(file_url).path).read_text()
    m = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', page)
    assert m is not None, page
    return html.unescape(m[1])


def test_the_browser_gets_the_player_through_a_private_file_and_a_fresh_ticket(
    tmp_path: Path,
) -> None:
    o, calls = opener("browser", folder=tmp_path)
    o.open("desk-short")
    o.open("pre-run")
    (kind, first), (_, second) = calls
    # the browser is given a file's address, never the ticket
    assert kind == "browser" and first.startswith(f"file://{tmp_path}/open-")
    assert "t1" not in first and "t2" not in second
    assert stat.S_IMODE(Path(urlsplit(first).path).stat().st_mode) == 0o600
    parts = urlsplit(forwarded_to(first))
    assert parts.netloc == "abc.localhost:4321" and parts.path == "/login"
    assert parse_qs(parts.query) == {"ticket": ["t1"], "next": ["/routine/desk-short?break=1"]}
    assert parse_qs(urlsplit(forwarded_to(second)).query)["ticket"] == ["t2"]


def test_the_dashboard_opens_through_a_private_file_too(tmp_path: Path) -> None:
    """The tray icon's "Open dashboard" gives the browser a file, never the ticket."""
    o, calls = opener("browser", folder=tmp_path)
    o.open_dashboard()
    ((kind, url),) = calls
    assert kind == "browser" and url.startswith(f"file://{tmp_path}/open-") and "t1" not in url
    assert stat.S_IMODE(Path(urlsplit(url).path).stat().st_mode) == 0o600
    parts = urlsplit(forwarded_to(url))
    assert parts.netloc == "abc.localhost:4321" and parts.path == "/login"
    assert parse_qs(parts.query) == {"ticket": ["t1"], "next": ["/"]}


def test_the_terminal_is_used_when_preferred_or_when_there_is_no_browser(tmp_path: Path) -> None:
    o, calls = opener("terminal", folder=tmp_path)
    o.open("glutes")
    assert calls == [("terminal", "glutes")]
    o, calls = opener("browser", browser=False, folder=tmp_path)
    o.open("glutes")
    assert calls == [("terminal", "glutes")]
    o, calls = opener("terminal", terminal=False, folder=tmp_path)
    o.open("glutes")
    assert calls[0][0] == "browser"


def test_xdg_open_is_started_with_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "opened"
    fake = tmp_path / "xdg-open"
    fake.write_text(f'#!/bin/sh\necho "$1" > {record}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    open_ = browser_opener()
    assert open_ is not None
    child = open_("http://127.0.0.1:1/login?ticket=x")
    assert child is not None and child.wait(timeout=10) == 0
    assert record.read_text().strip() == "http://127.0.0.1:1/login?ticket=x"


def test_without_a_desktop_there_is_no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert browser_opener() is None


def test_doctor_says_where_start_routine_opens(home, tmp_path: Path) -> None:
    fake = tmp_path / "bin" / "xdg-open"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "DISPLAY": ":0"}
    out = home.run("doctor", env={**env, "DBUS_SESSION_BUS_ADDRESS": ""}).out
    assert "  [ok ] a browser can be opened: 'Start routine' can play it in the web app." in out
    assert "  => 'Start routine' uses the web player (breaks.open_in = \"browser\")." in out
    out = home.run("doctor", env={"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}).out
    assert "  [no ] no desktop browser to open here (no display, or no xdg-open)." in out


@pytest.mark.slow
def test_a_snap_browser_gets_the_forwarding_file_in_its_own_folder(home, tmp_path: Path) -> None:
    """Snap browsers (Ubuntu's Firefox) cannot read the runtime folder: the file goes where
    they can, and the service still deletes it when its ticket is used."""
    import httpx

    from tests.service.conftest import Service

    fake_home = tmp_path / "home"
    (fake_home / "snap" / "firefox").mkdir(parents=True)
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    record = tmp_path / "opened"
    (bin_ / "xdg-settings").write_text("#!/bin/sh\necho firefox_firefox.desktop\n")
    (bin_ / "xdg-open").write_text(f'#!/bin/sh\necho "$@" > {record}\n')
    for f in bin_.iterdir():
        f.chmod(0o755)
    env = {"HOME": str(fake_home), "DBUS_SESSION_BUS_ADDRESS": "", "BROWSER": ""}
    service = Service(home, {**env, "DISPLAY": ""}).start()
    try:
        path = f"{bin_}{os.pathsep}{os.environ['PATH']}"
        r = home.run("open", "history", env={**env, "DISPLAY": ":0", "PATH": path})
        assert r.code == 0, r.err
        for _ in range(200):  # xdg-open runs in the background
            if record.exists() and record.read_text().strip():
                break
            time.sleep(0.05)
        url = record.read_text().strip()
        page = Path(urlsplit(url).path)
        assert page.parent == fake_home / "snap" / "firefox" / "common" / "loosen"
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        assert stat.S_IMODE(page.parent.stat().st_mode) == 0o700
        target = urlsplit(forwarded_to(url))
        r2 = httpx.get(
            f"http://127.0.0.1:{target.port}/login?{target.query}",
            headers={"Host": target.netloc},
        )
        assert r2.status_code == 200 and "set-cookie" in r2.headers
        assert not page.exists()
    finally:
        service.stop()
