"""The web app's weight, first paint, animation cost and the service's memory with a page open.

Against the real service (its own home, no display: activity unseen) and Debian's Chromium driven
by Playwright, headless. For the dashboard and the routine player:

- bytes: everything the page loads (document, CSS, modules, API JSON), uncompressed;
- first paint: `performance.getEntriesByType("paint")` (first-contentful-paint), median of runs,
  each in a fresh browser context;
- animation (player only): every requestAnimationFrame callback of the page timed with
  `performance.now()` over a playing routine, giving frames per second and main-thread script
  per frame (mean, p95, max), and `longtask` entries (PerformanceObserver);
- the service's memory (PSS from /proc, process and children) before any page, and with the
  dashboard connected to its live event stream for `--hold` seconds.

    .venv/bin/python bench/web.py [--runs 10] [--hold 30]

Targets (issue 4): under 150 KB per page; first paint under 200 ms; the animation at the display's
frame rate with under 2 ms of script per frame; the service's memory within the issue-3 budget
(half of Safe Eyes' PSS; see bench/service.py for that side-by-side run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, sync_playwright
from tests.browser.conftest import CHROMIUM, DESKTOP, FLAGS

from bench.service import pss_kb, tree

FRAME_PROBE = """
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const probe = { frames: [], longtasks: 0 };
  window.__probe = probe;
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t0 = performance.now();
    try { cb(ts); } finally { probe.frames.push([ts, performance.now() - t0]); }
  });
  try {
    new PerformanceObserver((list) => { probe.longtasks += list.getEntries().length; })
      .observe({ type: "longtask", buffered: true });
  } catch (e) {}
})();
"""


def start_service(home: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    env = {
        "LOOSEN_CONFIG_DIR": str(home / "config"),
        "LOOSEN_DATA_DIR": str(home / "data"),
        "DISPLAY": "",
        "DBUS_SESSION_BUS_ADDRESS": "",
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "TZ": "UTC",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "loosen", "start"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    rt = home / "data" / "service.json"
    deadline = time.monotonic() + 20
    while not rt.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the service did not start")
        time.sleep(0.05)
    return proc, env


def login_url(env: dict[str, str], page: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "loosen", "open", "--print", page],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def weigh(browser: Browser, env: dict[str, str], page_name: str, ready: str) -> tuple[int, float]:
    """(bytes loaded, first-contentful-paint ms) for one fresh visit."""
    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    page.goto(login_url(env, "dashboard"))  # the ticket visit sets the cookie
    page.wait_for_selector("#sitting")
    page.close()
    page = ctx.new_page()
    sizes: dict[str, int] = {}

    def on_response(r: object) -> None:
        url = r.url  # type: ignore[attr-defined]
        if url.endswith("/api/events"):
            return  # the live stream never ends; its first message is counted below
        try:
            sizes[url] = len(r.body())  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 (a response without a body, e.g. a redirect)
            sizes[url] = 0

    page.on("response", on_response)
    target = {"dashboard": "/", "player": "/routine/desk-short"}[page_name]
    base = login_url(env, "dashboard").split("/login")[0]
    page.goto(base + target)
    page.wait_for_selector(ready)
    page.wait_for_timeout(500)  # the last module requests
    fcp = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1"
    )
    ctx.close()
    return sum(sizes.values()), float(fcp)


def animate(browser: Browser, env: dict[str, str], seconds: float) -> dict[str, float]:
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.add_init_script(FRAME_PROBE)
    page = ctx.new_page()
    page.goto(login_url(env, "desk-short"))
    page.wait_for_selector("#start:not([disabled])")
    page.click("#start")
    page.wait_for_timeout(1000)  # past the first move's set-up
    page.evaluate("() => { window.__probe.frames = []; window.__probe.longtasks = 0; }")
    page.wait_for_timeout(seconds * 1000)
    probe = page.evaluate("() => window.__probe")
    ctx.close()
    frames = probe["frames"]
    stamps = [f[0] for f in frames]
    costs = sorted(f[1] for f in frames)
    span = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else 1
    return {
        "fps": (len(stamps) - 1) / span,
        "mean": statistics.fmean(costs),
        "p95": costs[int(0.95 * (len(costs) - 1))],
        "max": costs[-1],
        "frames": len(costs),
        "longtasks": probe["longtasks"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--hold", type=int, default=30)
    ap.add_argument("--animate", type=float, default=10.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        proc, env = start_service(Path(tmp))
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            time.sleep(3)
            before = pss_kb(tree(proc.pid)) / 1024
            results = {}
            for name, ready in (("dashboard", "#timeline svg"), ("player", "#start")):
                runs = [weigh(browser, env, name, ready) for _ in range(args.runs)]
                results[name] = {
                    "bytes": max(b for b, _ in runs),
                    "fcp_median": statistics.median(f for _, f in runs),
                    "fcp_max": max(f for _, f in runs),
                }
            anim = animate(browser, env, args.animate)
            ctx = browser.new_context(viewport=DESKTOP)
            page = ctx.new_page()
            page.goto(login_url(env, "dashboard"))
            page.wait_for_selector("#timeline svg")
            time.sleep(args.hold)
            during = pss_kb(tree(proc.pid)) / 1024
            ctx.close()
        finally:
            browser.close()
            proc.terminate()
            proc.wait(timeout=20)
    print(f"Web app, {args.runs} fresh visits per page, headless Chromium, one run:")
    print("page        bytes    KB   target  FCP median  FCP max  target")
    for name, r in results.items():
        kb = r["bytes"] / 1024
        ok = "OK" if kb < 150 and r["fcp_median"] < 200 else "OVER"
        print(
            f"{name:10} {r['bytes']:7d} {kb:6.1f}  <150 KB  {r['fcp_median']:7.1f} ms "
            f"{r['fcp_max']:6.1f} ms  <200 ms  {ok}"
        )
    print(
        f"player animation over {args.animate:.0f} s: {anim['fps']:.1f} frames/s, script per frame "
        f"mean {anim['mean']:.3f} ms, p95 {anim['p95']:.3f} ms, max {anim['max']:.3f} ms "
        f"(target < 2 ms), long tasks {anim['longtasks']}"
    )
    print(
        f"service PSS: {before:.1f} MB with no page, {during:.1f} MB with the dashboard connected "
        f"for {args.hold} s"
    )
    print(json.dumps({"pages": results, "animation": anim, "pss": [before, during]}))


if __name__ == "__main__":
    main()
