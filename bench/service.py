"""The running service's memory, CPU and wake-ups, side by side with Safe Eyes and Workrave.

All three run at once on the same idle Xvfb desktop with a private D-Bus session bus; after a
warm-up each is measured over the same window from /proc: PSS (smaps_rollup, summed over the
process and its children), CPU (utime + stime) and voluntary context switches (wake-ups, summed
over threads). Also: the `loosen status` round trip and a 30-day simulation through the core.

    bench/install-peers.sh            # once: Safe Eyes and Workrave from Debian
    .venv/bin/python bench/service.py [--seconds 120] [--warmup 20] [--tray]
    .venv/bin/python bench/service.py --events     # issue 12: while typing and away, per source
    .venv/bin/python bench/service.py --screen     # issue 11: a break screen shown and closed

Targets (issue 3): loosen's PSS below Workrave's and at most half of Safe Eyes'; wake-ups at most a
tenth of Safe Eyes' and <= 0.5/s; `loosen status` under 150 ms median; 30 days under 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.desktop import session_bus, xvfb

TICK = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    out = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for c in children:
        out += tree(int(c))
    return out


def pss_kb(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total


def wakeups(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                for line in Path(f"/proc/{p}/task/{tid}/status").read_text().splitlines():
                    if line.startswith("voluntary_ctxt_switches"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def status_round_trip(env: dict[str, str], loosen: str, runs: int = 20) -> float:
    subprocess.run([loosen, "status"], env=env, capture_output=True, check=True)
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([loosen, "status"], env=env, capture_output=True, check=True)
        ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ms)


def thirty_days() -> float:
    from datetime import time as dtime

    from loosen.core.coach import Coach
    from loosen.core.policy import BreakPolicy, WorkingHours
    from loosen.testing import simulate

    day0 = datetime(2026, 11, 2, tzinfo=UTC)
    gaps = []
    for d in range(30):
        day = day0 + timedelta(days=d)
        gaps += [
            (day.replace(hour=10, minute=30), day.replace(hour=10, minute=38)),
            (day.replace(hour=12), day.replace(hour=13)),
            (day.replace(hour=17, minute=30), (day + timedelta(days=1)).replace(hour=8)),
        ]
    coach = Coach(BreakPolicy(hours=WorkingHours(dtime(9), dtime(17), enabled=True)), lambda d: d)
    t0 = time.perf_counter()
    simulate(coach, day0.replace(hour=8), day0 + timedelta(days=30), gaps=gaps)
    return time.perf_counter() - t0


def open_pages(loosen: str, env: dict[str, str], runtime: Path) -> Any:
    """Headless Chromium visiting the player, history and settings, then left on the dashboard."""
    from playwright.sync_api import sync_playwright
    from tests.browser.conftest import CHROMIUM, FLAGS

    deadline = time.monotonic() + 20
    while not runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    url = subprocess.run(
        [loosen, "open", "--print", "desk-short"], env=env, capture_output=True, text=True
    ).stdout.strip()
    base = url.split("/login")[0]
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector("#start:not([disabled])")
    for path in ("/history", "/settings", "/routines"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.goto(base + "/")
    page.wait_for_selector("#timeline svg")
    return pw


def break_screen(loosen: str, env: dict[str, str], pid: int, display: str) -> dict[str, Any]:
    """Show a break screen (`loosen break`), play its routine a few seconds, end it with Esc;
    the service's own PSS before, the screen child's largest PSS while shown."""
    out: dict[str, Any] = {"before": pss_kb([pid]) / 1024, "child": 0.0}
    subprocess.run([loosen, "break"], env=env, check=True, capture_output=True)
    start = time.monotonic()
    shown_until = start + 12
    while time.monotonic() < shown_until:
        children = [c for c in tree(pid) if c != pid]
        out["child"] = max(out["child"], pss_kb(children) / 1024)
        time.sleep(0.5)
    subprocess.run(["xdotool", "key", "Escape"], env={**env, "DISPLAY": display}, check=False)
    deadline = time.monotonic() + 20
    while [c for c in tree(pid) if c != pid] and time.monotonic() < deadline:
        time.sleep(0.2)
    out["seconds"] = time.monotonic() - start
    out["gone"] = not [c for c in tree(pid) if c != pid]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=120)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument(
        "--calendar",
        action="store_true",
        help="subscribe loosen to a generated 5,000-event calendar first (issue 5)",
    )
    ap.add_argument(
        "--page",
        action="store_true",
        help="keep the web dashboard open in headless Chromium (after visiting the routine "
        "player, history and settings pages) during the measurement (issue 4)",
    )
    ap.add_argument(
        "--tray",
        action="store_true",
        help="run a real tray host (xfce4-panel) on the desktop, so loosen's tray icon and the "
        "peers' are registered and drawn during the measurement (issue 11)",
    )
    ap.add_argument(
        "--screen",
        action="store_true",
        help="after the warm-up, show a break screen (`loosen break`), end its routine with Esc, "
        "and measure the service before and after and the screen's child while shown (issue 11)",
    )
    ap.add_argument(
        "--events",
        action="store_true",
        help="wake-ups while typing and while away with each event-driven idle source (X11, "
        "Mutter, sway, KWin), next to Safe Eyes and Workrave (issue 12; bench/idle_events.py)",
    )
    ap.add_argument(
        "--sources",
        default="x11,mutter,sway,kwin",
        help="with --events: which of x11, mutter, sway, kwin (default all), plus the peers",
    )
    args = ap.parse_args()
    if args.events:
        from bench.idle_events import run

        run(args.seconds, args.warmup, args.sources.split(","))
        return
    loosen = str(Path(sys.executable).parent / "loosen")
    peers = [p for p in ("safeeyes", "workrave") if shutil.which(p)]
    if len(peers) < 2:
        print("Safe Eyes or Workrave is missing: run bench/install-peers.sh first.")
    with (
        tempfile.TemporaryDirectory() as tmp,
        xvfb() as display,
        session_bus() as bus,
        session_bus() as system_bus,  # Safe Eyes listens for suspend on the system bus
        contextlib.ExitStack() as stack,
    ):
        if args.tray:
            from tests.xfce_panel import xfce_panel

            stack.enter_context(xfce_panel(display, bus))
            time.sleep(2)  # the panel's watcher on the bus before the programs start
        env = {
            **os.environ,
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "DBUS_SYSTEM_BUS_ADDRESS": system_bus,
            "HOME": tmp,
            "LOOSEN_CONFIG_DIR": f"{tmp}/loosen-config",
            "LOOSEN_DATA_DIR": f"{tmp}/loosen",
            "NO_AT_BRIDGE": "1",
        }
        if args.calendar:
            import importlib.util

            spec = importlib.util.spec_from_file_location(
                "bench_calendar", Path(__file__).with_name("big_calendar.py")
            )
            assert spec and spec.loader
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            ics = Path(tmp, "work.ics")
            ics.write_bytes(mod.make(datetime.now(UTC)))
            subprocess.run(
                [loosen, "calendar", "add", str(ics)], env=env, check=True, capture_output=True
            )
        # Safe Eyes 2.1.5 does not create its own config folder
        Path(tmp, ".config", "safeeyes", "style").mkdir(parents=True)
        logs = {n: open(f"{tmp}/{n}.log", "w") for n in ["loosen", *peers]}  # noqa: SIM115
        procs = {
            "loosen": subprocess.Popen(
                [loosen, "start"], env=env, stdout=logs["loosen"], stderr=subprocess.STDOUT
            )
        }
        for p in peers:
            procs[p] = subprocess.Popen([p], env=env, stdout=logs[p], stderr=subprocess.STDOUT)
        pw = None
        try:
            if args.page:
                pw = open_pages(loosen, env, Path(tmp, "loosen", "service.json"))
            time.sleep(args.warmup)
            if args.screen:
                screen = break_screen(loosen, env, procs["loosen"].pid, display)
                time.sleep(10)  # what the screen left behind, settled
                screen["after"] = pss_kb([procs["loosen"].pid]) / 1024
            before = {n: (cpu_ticks(tree(p.pid)), wakeups(tree(p.pid))) for n, p in procs.items()}
            time.sleep(args.seconds)
            rows = {}
            for n, p in procs.items():
                pids = tree(p.pid)
                if p.poll() is not None:
                    rows[n] = None
                    logs[n].flush()
                    print(
                        f"{n} exited with {p.returncode}:",
                        Path(f"{tmp}/{n}.log").read_text()[-800:],
                    )
                    continue
                cpu = (cpu_ticks(pids) - before[n][0]) / TICK / args.seconds * 100
                wk = (wakeups(pids) - before[n][1]) / args.seconds
                rows[n] = (pss_kb(pids) / 1024, cpu, wk)
            rt = status_round_trip(env, loosen)
            if args.tray:
                items = subprocess.run(
                    [
                        "dbus-send",
                        "--session",
                        "--print-reply",
                        "--dest=org.kde.StatusNotifierWatcher",
                        "/StatusNotifierWatcher",
                        "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierWatcher",
                        "string:RegisteredStatusNotifierItems",
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
                tray_items = [
                    line.strip().split('"')[1] for line in items.splitlines() if '"' in line
                ]
        finally:
            if pw is not None:
                pw.stop()
            for p in procs.values():
                p.terminate()
            for p in procs.values():
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
    days = thirty_days()
    if args.tray:
        pid = procs["loosen"].pid
        ours = [i for i in tray_items if i.startswith(f"org.kde.StatusNotifierItem-{pid}-")]
        print(f"tray items registered with xfce4-panel: {len(tray_items)}; loosen's: {ours}")
    if args.screen:
        print(
            f"break screen: service PSS {screen['before']:.1f} MB before, {screen['after']:.1f} MB "
            f"after it was shown and closed; the screen's own process {screen['child']:.1f} MB "
            f"PSS at most while shown ({screen['seconds']:.0f} s on screen, then gone: "
            f"{'yes' if screen['gone'] else 'NO'})"
        )
    print(f"Idle Xvfb desktop, {args.seconds} s after a {args.warmup} s warm-up, all at once:")
    print(f"{'program':10} {'PSS MB':>8} {'CPU %':>8} {'wake-ups/s':>11}")
    for n, row in rows.items():
        if row is None:
            print(f"{n:10} exited early")
        else:
            print(f"{n:10} {row[0]:8.1f} {row[1]:8.3f} {row[2]:11.2f}")
    lo = rows.get("loosen")
    se, wr = rows.get("safeeyes"), rows.get("workrave")
    if lo and se and wr:
        print()
        print(
            f"memory: loosen {lo[0]:.1f} MB < Workrave {wr[0]:.1f} MB: "
            f"{'OK' if lo[0] < wr[0] else 'OVER'}; <= half of Safe Eyes ({se[0] / 2:.1f} MB): "
            f"{'OK' if lo[0] <= se[0] / 2 else 'OVER'}"
        )
        print(
            f"wake-ups: loosen {lo[2]:.2f}/s <= a tenth of Safe Eyes ({se[2] / 10:.2f}/s) and "
            f"<= 0.5/s: {'OK' if lo[2] <= min(se[2] / 10, 0.5) else 'OVER'}"
        )
    print(
        f"`loosen status` round trip: {rt:.1f} ms median (target 150): "
        f"{'OK' if rt < 150 else 'OVER'}"
    )
    print(
        f"30 simulated days through the core: {days * 1000:.0f} ms (target 1000): "
        f"{'OK' if days < 1 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
