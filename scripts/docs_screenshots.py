"""Screenshots of the web app for the README and docs/web.md (docs/img/*.png).

Fills a throw-away home with two weeks of made-up but plausible sitting, starts the real service
on it and photographs each page with Debian's Chromium, as the browser tests do:

    .venv/bin/python scripts/docs_screenshots.py                 # docs/img/*.png, in English
    .venv/bin/python scripts/docs_screenshots.py --language de   # docs/img/de/*.png (and ja, ...)

In another language the pages are also taken at a phone's width (390 px), where a long word
would overflow first.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.browser.conftest import CHROMIUM, FLAGS  # noqa: E402

from loosen.storage.activity import ActivityLog  # noqa: E402
from loosen.storage.history import History  # noqa: E402

OUT = ROOT / "docs" / "img"


def fill(db: Path, now: datetime) -> None:
    rng = random.Random(7)
    with History(db) as h:
        log = ActivityLog(h)
        for days_ago in range(14, -1, -1):
            day = (now - timedelta(days=days_ago)).replace(hour=8, minute=30, second=0)
            if day.weekday() >= 5:
                continue
            t = day + timedelta(minutes=rng.randint(0, 40))
            end_of_day = day.replace(hour=17, minute=30)
            if days_ago == 0:
                end_of_day = now - timedelta(minutes=25)
            while t < end_of_day:
                length = timedelta(minutes=rng.choice([35, 48, 55, 60, 62, 75, 90]))
                stop = min(t + length, end_of_day)
                log.start_bout(t)
                log.end_bout(stop, "away")
                if length >= timedelta(minutes=60):
                    log.record(t + timedelta(minutes=60), "prompted", {})
                    kind = rng.choice(["break-started", "break-started", "snoozed", "skipped"])
                    log.record(t + timedelta(minutes=60, seconds=20), kind, {"prompted": True})
                else:
                    log.record(stop, "natural-break", {"start": stop.isoformat()})
                if rng.random() < 0.3:
                    m0 = stop + timedelta(minutes=8)
                    log.record(
                        m0,
                        "busy",
                        {
                            "kind": "meeting",
                            "title": "Team sync",
                            "end": (m0 + timedelta(minutes=30)).isoformat(),
                            "sitting": True,
                        },
                    )
                t = stop + timedelta(minutes=rng.choice([5, 8, 12, 30]))
        log.start_bout(now - timedelta(minutes=23))
        log.checkpoint(now)


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--language", default="", help="a language of loosen's (de, ja, ...)")
    lang = ap.parse_args().language
    out = OUT / lang if lang else OUT
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "LOOSEN_CONFIG_DIR": f"{tmp}/config",
            "LOOSEN_DATA_DIR": f"{tmp}/data",
            "DISPLAY": "",
            "DBUS_SESSION_BUS_ADDRESS": "",
            "TZ": "UTC",
            "PATH": "/usr/bin:/bin",
        }
        if lang:
            env["LOOSEN_UI_LANGUAGE"] = lang
        Path(tmp, "data").mkdir()
        fill(Path(tmp, "data", "history.sqlite3"), now)
        service = subprocess.Popen(
            [sys.executable, "-m", "loosen", "start"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while not Path(tmp, "data", "service.json").exists():
                time.sleep(0.05)

            def login(page: str) -> str:
                return subprocess.run(
                    [sys.executable, "-m", "loosen", "open", "--print", page],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
                widths = [(1200, 800, "")] + ([(390, 844, "-390")] if lang else [])
                for width, height, suffix in widths:
                    ctx = browser.new_context(
                        viewport={"width": width, "height": height},
                        timezone_id="UTC",
                        locale=lang.replace("_", "-") if lang else "en-GB",
                    )
                    page = ctx.new_page()
                    page.goto(login("dashboard"))
                    page.wait_for_selector("#timeline svg")
                    page.wait_for_timeout(600)
                    page.screenshot(path=str(out / f"dashboard{suffix}.png"))
                    base = page.url.rstrip("/")
                    page.goto(base + "/routine/glutes")
                    page.locator("#start").click()
                    page.wait_for_timeout(9000)  # into the first hold
                    page.screenshot(path=str(out / f"player{suffix}.png"))
                    page.goto(base + "/history?range=week")
                    page.wait_for_timeout(1200)
                    page.screenshot(path=str(out / f"history{suffix}.png"))
                    page.goto(base + "/routines")
                    page.wait_for_timeout(800)
                    page.screenshot(path=str(out / f"routines{suffix}.png"))
                    ctx.close()
                browser.close()
        finally:
            service.terminate()
            service.wait(timeout=20)
    for f in sorted(out.glob("*.png")):
        print(f.relative_to(ROOT), f.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main()
