"""Browser tests: the real service on a free port, driven through Debian's Chromium.

Playwright's Python API drives ``/usr/bin/chromium`` (installed by ``./dev.sh test``); Playwright
cannot download a browser here. Each test gets a fresh service with its own home, and a page that
has already gone through ``loosen open``'s one-time ticket.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.conftest import Home
from tests.service.conftest import Service

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
AXE = Path(__file__).resolve().parents[2] / ".cache" / "test-assets" / "axe-core-4.11.0.min.js"
DESKTOP = {"width": 1280, "height": 860}
NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # per module, not per session: while Playwright's sync API runs, the main thread counts as
    # running an event loop, and the later tests' asyncio.run() would refuse to start
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


class Web:
    """The running service as a browser sees it."""

    def __init__(self, service: Service, home: Home) -> None:
        self.service = service
        self.home = home

    @property
    def base(self) -> str:
        """The per-user address the browser uses (http://<label>.localhost:PORT)."""
        return str(self.service.runtime["web"])

    def url(self, path: str = "/") -> str:
        return self.base + path

    def login_url(self, page: str = "dashboard") -> str:
        """A one-time address from `loosen open --print PAGE`."""
        r = self.home.run("open", "--print", page)
        assert r.code == 0, r.err
        return r.out.strip()

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the API with the token, as the CLI does (not through the browser)."""
        import http.client

        rt = self.service.runtime
        conn = http.client.HTTPConnection("127.0.0.1", int(str(rt["port"])), timeout=10)
        headers = {"Authorization": f"Bearer {rt['token']}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        payload = json.loads(resp.read() or b"null")
        conn.close()
        return payload


@pytest.fixture
def web(home: Home) -> Iterator[Web]:
    """A running service (no display, no D-Bus: activity unseen, so it counts as sitting)."""
    service = Service(home, {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""})
    service.start()
    try:
        yield Web(service, home)
    finally:
        service.stop()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="UTC")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext, web: Web) -> Iterator[Page]:
    """A page signed in to the web app (through a one-time ticket), on the dashboard."""
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.goto(web.login_url())
    p.wait_for_url(web.url("/"))
    yield p
    assert not errors, f"the page threw: {errors}"


def fetch(page: Page, path: str) -> tuple[int, Any]:
    """GET ``path`` from inside the page, as its scripts do (status, JSON body).

    Not ``page.request``: Playwright sends that from its own process, which cannot resolve
    ``*.localhost`` names as Chromium does.
    """
    got = page.evaluate(
        "async (p) => { const r = await fetch(p); return [r.status, await r.json()]; }", path
    )
    return int(got[0]), got[1]


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's serious and critical findings for the page as it is now."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def shoot(page: Page, name: str) -> Path:
    """A screenshot for a person to look at (kept under .cache/screenshots)."""
    out = Path(__file__).resolve().parents[2] / ".cache" / "screenshots" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=True)
    return out


Shoot = Callable[[Page, str], Path]
