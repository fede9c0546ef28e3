"""The tray's cost with each backend (issue 11): the service's own memory and wake-ups with no
tray, with the D-Bus tray (StatusNotifierItem) and with the pystray child, and the child's.

Each backend runs in a fresh desktop of its own, one after the other: Xvfb, a private D-Bus bus
and Debian's xfce4-panel (a StatusNotifierItem host and an XEmbed system tray, so both trays are
really shown), then `loosen start`; after the warm-up, PSS and USS (smaps_rollup) and voluntary
context switches are read from /proc over the window, for the service's process alone and for
the pystray child (pystray's xorg backend here, the one a Linux desktop without PyGObject gets).

    .venv/bin/python bench/pystray_tray.py [--seconds 60] [--warmup 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.desktop import session_bus, xvfb
from tests.xfce_panel import xfce_panel

from bench.service import pss_kb, wakeups


def uss_kb(pid: int) -> int:
    total = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def measure(backend: str, seconds: int, warmup: int) -> dict[str, float]:
    loosen = str(Path(sys.executable).parent / "loosen")
    with (
        tempfile.TemporaryDirectory() as tmp,
        xvfb() as display,
        session_bus() as bus,
        xfce_panel(display, bus),
    ):
        time.sleep(3)  # the panel's tray and watcher up before loosen starts
        env = {
            **os.environ,
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "HOME": tmp,
            "LOOSEN_CONFIG_DIR": f"{tmp}/config",
            "LOOSEN_DATA_DIR": f"{tmp}/data",
            "PYSTRAY_BACKEND": "xorg",
            **(
                {"LOOSEN_TRAY_ENABLED": "false"}
                if backend == "off"
                else {"LOOSEN_TRAY_BACKEND": backend}
            ),
        }
        with open(f"{tmp}/loosen.log", "w") as log:
            proc = subprocess.Popen(
                [loosen, "start"], env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                time.sleep(warmup)
                kids = [
                    c
                    for c in children(proc.pid)
                    if b"pystray_child" in Path(f"/proc/{c}/cmdline").read_bytes()
                ]
                before = wakeups([proc.pid]), wakeups(kids)
                time.sleep(seconds)
                out = {
                    "service_pss": pss_kb([proc.pid]) / 1024,
                    "service_uss": uss_kb(proc.pid) / 1024,
                    "service_wakeups": (wakeups([proc.pid]) - before[0]) / seconds,
                }
                if kids:
                    out["child_pss"] = pss_kb(kids) / 1024
                    out["child_uss"] = sum(uss_kb(k) for k in kids) / 1024
                    out["child_wakeups"] = (wakeups(kids) - before[1]) / seconds
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=20)
    args = ap.parse_args()
    rows = {b: measure(b, args.seconds, args.warmup) for b in ("off", "dbus", "pystray")}
    print(f"{args.seconds} s after a {args.warmup} s warm-up, each backend on its own desktop:")
    print(f"{'tray':10} {'PSS MB':>8} {'USS MB':>8} {'wake-ups/s':>11}   (the service alone)")
    for name, r in rows.items():
        print(
            f"{name:10} {r['service_pss']:8.1f} {r['service_uss']:8.1f} "
            f"{r['service_wakeups']:11.2f}"
        )
    r = rows["pystray"]
    if "child_pss" in r:
        print(
            f"{'child':10} {r['child_pss']:8.1f} {r['child_uss']:8.1f} "
            f"{r['child_wakeups']:11.2f}   (python -m loosen.pystray_child, xorg backend)"
        )
    else:
        print("the pystray child was not running")


if __name__ == "__main__":
    main()
