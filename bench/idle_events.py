"""Wake-ups with event-driven idle sources, side by side with Safe Eyes and Workrave (issue 12).

One run, everything at once: an Xvfb desktop (Safe Eyes, Workrave and loosen with its X11 source:
XSync alarms), a headless GNOME Mutter (loosen with Mutter's idle watches), a headless sway
(loosen with org_kde_kwin_idle) and a headless KWin (loosen with ext-idle-notify-v1), each loosen
with its own home. Two windows are measured from /proc, as in bench/service.py: while the user
types (a key every 0.5 s on every desktop: xdotool, Mutter's RemoteDesktop, wtype, KWin's fake
input), then, after the input stops and the away threshold has
passed, while the user is away. loosen runs with away_minutes = 2, ask_minutes = 1 so that "away"
comes within the run; its wake-up pattern is the default one's (thresholds are alarms, not polls).

    bench/install-peers.sh                   # once
    .venv/bin/python bench/service.py --events [--seconds 120] [--warmup 20]
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.compositors import KWinInput, MutterInput, kwin, mutter, sway
from tests.desktop import session_bus, xvfb

from bench.service import TICK, cpu_ticks, pss_kb, tree, wakeups

SETTINGS = '[activity]\naway_minutes = 2\nask_minutes = 1\nidle_source = "{source}"\n'
AWAY_AFTER = 120


class Typing:
    """A key every 0.5 s into a compositor (Mutter's RemoteDesktop session, KWin's fake input),
    from a thread with its own event loop."""

    def __init__(self, user: Any) -> None:
        self.user = user  # async () -> an input client with key() and close()
        self.typing = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()

    async def _run(self) -> None:
        user = await self.user()
        try:
            while not self.stop.is_set():
                if self.typing.is_set():
                    await user.key()
                await asyncio.sleep(0.5)
        finally:
            closed = user.close()
            if asyncio.iscoroutine(closed):
                await closed


def typist(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    loop = f"while :; do {' '.join(command)} >/dev/null 2>&1; sleep 0.5; done"
    return subprocess.Popen(["sh", "-c", loop], env=env, start_new_session=True)


def stop_typist(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        proc.wait()


def measure(procs: dict[str, subprocess.Popen[Any]], seconds: int) -> dict[str, Any]:
    before = {n: (cpu_ticks(tree(p.pid)), wakeups(tree(p.pid))) for n, p in procs.items()}
    time.sleep(seconds)
    rows: dict[str, Any] = {}
    for n, p in procs.items():
        if p.poll() is not None:
            rows[n] = None
            continue
        pids = tree(p.pid)
        cpu = (cpu_ticks(pids) - before[n][0]) / TICK / seconds * 100
        rows[n] = (pss_kb(pids) / 1024, cpu, (wakeups(pids) - before[n][1]) / seconds)
    return rows


def mode(loosen: str, env: dict[str, str]) -> str:
    """What the service made of it (after a window, so it costs the window nothing)."""
    import json

    out = subprocess.run([loosen, "status", "--json"], env=env, capture_output=True, text=True)
    try:
        status = json.loads(out.stdout)
    except ValueError:
        return "?"
    return f"{status['mode']} ({status['activity']['source']})"


def loosen_env(base: dict[str, str], tmp: str, name: str, source: str) -> dict[str, str]:
    config = Path(tmp, f"{name}-config")
    config.mkdir()
    (config / "settings.toml").write_text(SETTINGS.format(source=source))
    return {**base, "LOOSEN_CONFIG_DIR": str(config), "LOOSEN_DATA_DIR": f"{tmp}/{name}-data"}


def run(seconds: int, warmup: int, sources: list[str]) -> None:
    loosen = str(Path(sys.executable).parent / "loosen")
    peers = [p for p in ("safeeyes", "workrave") if shutil.which(p)]
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(__import__("tempfile").TemporaryDirectory())
        display = stack.enter_context(xvfb())
        bus = stack.enter_context(session_bus())
        system_bus = stack.enter_context(session_bus())
        base = {
            k: v
            for k, v in os.environ.items()
            if k
            not in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS")
        }
        base.update(HOME=tmp, NO_AT_BRIDGE="1", DBUS_SYSTEM_BUS_ADDRESS=system_bus)
        x11 = {**base, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": bus}
        envs: dict[str, dict[str, str]] = {}
        if "x11" in sources:
            envs["loosen (x11)"] = loosen_env(x11, tmp, "x11", "x11")
        gnome = stack.enter_context(mutter()) if "mutter" in sources else None
        if gnome is not None:
            envs["loosen (mutter)"] = loosen_env(
                {**base, "DBUS_SESSION_BUS_ADDRESS": gnome}, tmp, "mutter", "mutter"
            )
        wl = stack.enter_context(sway()) if "sway" in sources else None
        if wl is not None:
            envs["loosen (sway)"] = loosen_env({**base, **wl}, tmp, "sway", "wayland")
        kde = stack.enter_context(kwin()) if "kwin" in sources else None
        if kde is not None:
            kde_env = {**base, **kde.env, "DBUS_SESSION_BUS_ADDRESS": kde.bus}
            envs["loosen (kwin)"] = loosen_env(kde_env, tmp, "kwin", "wayland")
        Path(tmp, ".config", "safeeyes", "style").mkdir(parents=True)
        logs = {n: open(f"{tmp}/{n.replace(' ', '_')}.log", "w") for n in [*envs, *peers]}  # noqa: SIM115
        procs: dict[str, subprocess.Popen[Any]] = {}
        for n, env in envs.items():
            procs[n] = subprocess.Popen(
                [loosen, "start"], env=env, stdout=logs[n], stderr=subprocess.STDOUT
            )
        for p in peers:
            procs[p] = subprocess.Popen([p], env=x11, stdout=logs[p], stderr=subprocess.STDOUT)
        typing: list[Typing] = []
        if gnome is not None:
            typing.append(Typing(lambda: MutterInput.start(gnome)))
        if kde is not None:
            typing.append(Typing(lambda: KWinInput.start(kde.env)))
        typists: list[subprocess.Popen[bytes]] = []
        try:
            for t in typing:
                t.typing.set()
            typists.append(typist(["xdotool", "key", "a"], x11))
            if wl is not None:
                typists.append(typist(["wtype", "a"], {**base, **wl}))
            time.sleep(warmup)
            typed = measure(procs, seconds)
            modes = {n: mode(loosen, env) for n, env in envs.items()}
            for t in typists:
                stop_typist(t)
            for k in typing:
                k.typing.clear()
            time.sleep(AWAY_AFTER + 10)
            away = measure(procs, seconds)
            modes = {n: f"{modes[n]}, then {mode(loosen, env)}" for n, env in envs.items()}
        finally:
            for t in typists:
                stop_typist(t)
            for k in typing:
                k.stop.set()
                k.thread.join(5)
            for p in procs.values():
                p.terminate()
            for p in procs.values():
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
            for f in logs.values():
                f.close()
    print(f"{seconds} s windows after a {warmup} s warm-up, everything at once:")
    print(f"{'program':18} {'PSS MB':>7} {'wake-ups/s typing':>18} {'wake-ups/s away':>16}")
    for n in procs:
        t, a = typed.get(n), away.get(n)
        if t is None or a is None:
            print(f"{n:18} exited early")
            continue
        print(f"{n:18} {a[0]:7.1f} {t[2]:18.3f} {a[2]:16.3f}")
    print()
    for n in envs:
        print(f"{n}: {modes[n]}")
    for n in envs:
        t, a = typed.get(n), away.get(n)
        if t and a:
            ok = t[2] <= 0.02 and a[2] <= 0.02
            print(f"{n}: target <= 0.02 wake-ups/s typing and away: {'OK' if ok else 'OVER'}")
