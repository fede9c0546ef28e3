"""Commands that work without the service: stats, doctor, autostart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History


def test_stats_on_a_fresh_machine_is_all_zero(home):
    r = home.run("stats", "--json")
    rows = json.loads(r.out)
    assert len(rows) == 7 and all(row["sitting_seconds"] == 0 for row in rows)
    assert json.loads(home.run("stats", "--month", "--json").out).__len__() == 30
    assert not home.data.exists()


def test_stats_from_bouts_and_events(home):
    today = datetime.now(UTC).astimezone().date()
    start = datetime(today.year, today.month, today.day, 9).astimezone().astimezone(UTC)
    with History(home.data / "history.sqlite3") as h:
        log = ActivityLog(h)
        log.start_bout(start)
        log.end_bout(start + timedelta(minutes=70), "away")
        log.start_bout(start + timedelta(minutes=80))
        log.end_bout(start + timedelta(minutes=100), "routine")
        log.record(start + timedelta(minutes=60), "prompted", {})
        log.record(start + timedelta(minutes=61), "snoozed", {})
        log.record(start + timedelta(minutes=70), "natural-break", {})
        log.record(start + timedelta(minutes=100), "break-done", {"after_break": False})
        log.record(
            start + timedelta(minutes=20),
            "busy",
            {
                "kind": "meeting",
                "title": "Sync",
                "sitting": True,
                "end": (start + timedelta(minutes=50)).isoformat(),
            },
        )
        log.record(start + timedelta(minutes=59), "deferred", {"how": "after"})
    rows = json.loads(home.run("stats", "--json").out)
    row = rows[-1]
    assert row == {
        "day": today.isoformat(),
        "sitting_seconds": 90 * 60,
        "longest_bout_seconds": 70 * 60,
        "bouts_over_30_min": 1,
        "bouts_over_60_min": 1,
        "prompts": 1,
        "breaks_taken": 1,
        "snoozed": 1,
        "skipped": 0,
        "natural_breaks": 1,
        "deferred": 1,
        "busy_seconds": 30 * 60,
        "adherence": 1.0,
    }
    table = home.run("stats").out.splitlines()
    assert table[0].split() == [
        "DAY",
        "SITTING",
        "LONGEST",
        ">30",
        ">60",
        "PROMPTS",
        "TAKEN",
        "SNOOZED",
        "SKIPPED",
        "NATURAL",
        "MOVED",
        "MEETINGS",
        "ADHERENCE",
    ]
    assert table[7].split() == [
        today.isoformat(),
        "1:30",
        "1:10",
        "1",
        "1",
        "1",
        "1",
        "1",
        "0",
        "1",
        "1",
        "0:30",
        "100%",
    ]


def test_doctor_explains_what_is_missing(home):
    r = home.run("doctor", env={"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""})
    assert r.code == 1
    lines = r.out.split("Suspend and clock changes:")[0].splitlines()
    assert lines == [
        "Activity (keyboard and mouse idle time):",
        "  desktop: no graphical session",
        "  [no ] mutter: no D-Bus session bus",
        "  [no ] wayland: not a Wayland session (WAYLAND_DISPLAY is not set)",
        "  [no ] freedesktop: no D-Bus session bus",
        "  [no ] x11: no X display (DISPLAY is not set)",
        "  => loosen cannot see activity here and runs as a plain timer: lock the screen or run "
        "`loosen moved` when you get up.",
        "     Fix: on X11 make sure DISPLAY is set; on GNOME or KDE make sure the D-Bus session "
        "bus is reachable (DBUS_SESSION_BUS_ADDRESS).",
    ]
    assert "[no ] desktop:" in r.out


@pytest.mark.slow
def test_doctor_on_an_x_session_with_a_notification_server(home):
    import asyncio
    import threading

    from tests.desktop import session_bus, xvfb
    from tests.notify_server import serve

    with xvfb() as display, session_bus() as address:
        ready = threading.Event()
        stop = threading.Event()

        def server() -> None:
            async def run() -> None:
                bus, _ = await serve(address)
                ready.set()
                await asyncio.get_running_loop().run_in_executor(None, stop.wait)
                bus.disconnect()

            asyncio.run(run())

        th = threading.Thread(target=server)
        th.start()
        try:
            ready.wait(10)
            r = home.run("doctor", env={"DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address})
        finally:
            stop.set()
            th.join(10)
    assert r.code == 0, r.out
    lines = r.out.split("Suspend and clock changes:")[0].splitlines()
    assert lines[:2] == [
        "Activity (keyboard and mouse idle time):",
        f"  desktop: an X11 desktop on X11 ({display})",
    ]
    assert lines[2].startswith("  [no ] mutter: org.gnome.Mutter.IdleMonitor is not available")
    assert lines[3:] == [
        "  [no ] wayland: not a Wayland session (WAYLAND_DISPLAY is not set)",
        "  [no ] freedesktop: org.freedesktop.ScreenSaver is not available "
        "(org.freedesktop.ScreenSaver does not answer GetSessionIdleTime)",
        f"  [ok ] x11: XSync IDLETIME alarms on {display} (read through XScreenSaver)",
        "  => using x11: it sends events, so the service sleeps until your idle time crosses a "
        "threshold or you are back.",
    ]
    assert "[ok ] desktop notifications with buttons" in r.out
    presence = r.out.split("Presence without typing")[1].split("Routine from")[0].splitlines()
    assert presence[0] == (
        " (asked when a still stretch may end the bout or a prompt is due, and every 2 min "
        "while a call holds a break back; media players are heard as they start and stop):"
    )
    assert presence[3:] == [
        "  [ok ] full-screen windows on X11 (_NET_WM_STATE_FULLSCREEN of the active window).",
        "  [ok ] do-not-disturb: the notification server's Inhibited property (KDE) or GNOME's "
        "show-banners setting.",
        "  [ok ] media playing: MPRIS players on the session bus (none running now).",
        "  [no ] idle inhibitors: none of GNOME's session manager, KDE's PowerDevil or "
        "org.freedesktop.PowerManagement is on the session bus, and org.freedesktop.ScreenSaver "
        "cannot tell whether anything inhibits it: a film that keeps the screen on is seen only "
        "by its media (MPRIS) or full screen.",
    ]


@pytest.mark.slow
def test_doctor_on_kde_wayland_names_the_protocol_and_what_sees_a_film(home):
    import asyncio

    from tests.compositors import kwin
    from tests.mpris_player import serve
    from tests.power_managers import Program, powerdevil

    with kwin() as k, powerdevil(k):
        env = {
            **k.env,
            "DBUS_SESSION_BUS_ADDRESS": k.bus,
            "XDG_CURRENT_DESKTOP": "KDE",
            "DISPLAY": "",
        }

        async def film_playing() -> Any:
            player_bus, _ = await serve(k.bus, "vlc", "Playing")
            browser = await Program.connect(k.bus)
            await browser.screensaver_inhibit("VLC", "Playing a film")
            await asyncio.sleep(6)  # PowerDevil counts an inhibit once held for 5 s
            try:
                return await asyncio.to_thread(home.run, "doctor", env=env)
            finally:
                for bus in (player_bus, browser.bus):
                    bus.disconnect()
                    await bus.wait_for_disconnect()

        r = asyncio.run(film_playing())
    activity = r.out.split("Suspend and clock changes:")[0].splitlines()
    assert activity[1:6] == [
        "  desktop: KDE on Wayland (wayland-0)",
        "  [no ] mutter: org.gnome.Mutter.IdleMonitor is not available (org.gnome.Mutter."
        "IdleMonitor does not answer GetIdletime)",
        "  [ok ] wayland: ext-idle-notify-v1 from KDE: idle notifications",
        "  [no ] freedesktop: org.freedesktop.ScreenSaver refuses GetSessionIdleTime: "
        "GetSessionIdleTime is not supported on this platform",
        "  [no ] x11: no X display (DISPLAY is not set)",
    ]
    presence = r.out.split("Presence without typing")[1].split("Routine from")[0].splitlines()
    assert presence[3:] == [
        "  [no ] full-screen windows: Wayland tells no program about other programs' windows. "
        "A film or a call in a player or a browser is still seen here by its media (MPRIS) or "
        "the idle inhibitor it holds (below).",
        "  [ok ] do-not-disturb: the notification server's Inhibited property (KDE) or GNOME's "
        "show-banners setting.",
        "  [ok ] media playing: MPRIS players on the session bus (1 here; media playing in vlc).",
        "  [ok ] idle inhibitors: asked of KDE's PowerDevil (HasInhibition, the screen kept on) "
        "(an application keeps the screen on (KDE) now).",
    ]


def test_autostart_without_systemd_writes_an_xdg_entry_and_removes_it(home, tmp_path):
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "PATH": "/usr/bin:/bin"}
    r = home.run("autostart", "enable", env=env)
    entry = tmp_path / "cfg" / "autostart" / "loosen.desktop"
    assert r.code == 0 and str(entry) in r.out
    text = entry.read_text()
    assert "Exec=" in text and text.rstrip().splitlines()[0] == "[Desktop Entry]"
    assert " start" in text
    r = home.run("autostart", "disable", env=env)
    assert not entry.exists() and "no longer start" in r.out
    assert home.run("autostart", "disable", env=env).out == (
        "loosen was not set to start automatically.\n"
    )


@pytest.mark.slow
def test_doctor_says_whether_a_panel_shows_the_tray_icon_and_what_locks(home, tmp_path):
    import asyncio
    import threading

    from tests import fake_break_services, fake_tray_host
    from tests.desktop import session_bus

    (tmp_path / "loginctl").write_text("#!/bin/sh\n")  # the only program on PATH
    (tmp_path / "loginctl").chmod(0o755)
    env = {"DISPLAY": "", "PATH": str(tmp_path)}
    with session_bus() as address:
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        bare = home.run("doctor", env=env)
        ready, stop = threading.Event(), threading.Event()

        def desktop() -> None:
            async def run() -> None:
                panel = await fake_tray_host.serve(address)
                saver, _ = await fake_break_services.screensaver(
                    address, "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"
                )
                ready.set()
                await asyncio.get_running_loop().run_in_executor(None, stop.wait)
                panel.bus.disconnect()
                saver.disconnect()

            asyncio.run(run())

        th = threading.Thread(target=desktop)
        th.start()
        try:
            ready.wait(10)
            full = home.run("doctor", env=env)
        finally:
            stop.set()
            th.join(10)
    assert (
        "[no ] no tray watcher (org.kde.StatusNotifierWatcher) is on the session bus: plain GNOME "
        "without the AppIndicator extension shows no tray icon."
    ) in bare.out
    assert "the screen would be locked with `loginctl lock-session` (off" in bare.out
    assert "[ok ] a panel shows tray icons here" in full.out
    assert "[ok ] the screen would be locked with org.gnome.ScreenSaver over D-Bus" in full.out
    assert "[no ] no chime: none of pw-play, paplay or aplay is installed." in full.out
