"""The tray icon on a real D-Bus bus, as a panel sees it: a watcher of our own records the
registration, reads the item's properties and its dbusmenu layout and clicks every item; the real
Runner (with its history file and a fake clock) answers, and the tray follows its state."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from loosen.adapters.notify.terminal import TerminalNotifier
from loosen.adapters.tray.tray import Tray, routine_titles
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.clock import ClockEvents
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests import fake_tray_host
from tests.desktop import session_bus

pytestmark = pytest.mark.slow
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at

    def poll(self) -> ClockEvents:
        return ClockEvents(None, None)


class Typing:
    name = "fake"

    async def idle(self) -> timedelta:
        return timedelta(0)

    async def close(self) -> None:
        return None


async def until(check: Callable[[], Any]) -> None:
    """Let the bus deliver what is in flight (bounded by a number of turns, not a time)."""
    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the condition never came true")


async def run_until(runner: Runner, clock: FakeClock, at: datetime) -> None:
    while clock.at < at:
        await runner.tick()
        clock.at = min(at, max(runner.next_check, clock.at + timedelta(seconds=1)))
    await runner.tick()


def labels(node: dict[str, Any]) -> list[str]:
    return [
        label
        for label, c in node["children"].items()
        if c["props"].get("visible", True) and c["props"].get("type") != "separator"
    ]


class Desk:
    """The service's side: the runner and its tray over one connection."""

    def __init__(self, bus: Any, history: History) -> None:
        self.clock = FakeClock()
        self.opened: list[str] = []
        self.dashboards = 0
        self.runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Typing(),
            TerminalNotifier(io.StringIO()),
            self.clock,  # type: ignore[arg-type]
            localize=lambda d: d,
            open_routine=self.opened.append,
        )
        self.tray = Tray(
            bus,
            self.runner.status,
            self.runner.command,
            open_routine=self.opened.append,
            open_dashboard=self.dashboard,
            break_routine=lambda: self.runner.break_routine,
            routines=routine_titles(None),
            local=lambda d: d,
        )
        self.runner.on_status.append(self.tray.refresh)

    def dashboard(self) -> None:
        self.dashboards += 1


def test_a_panel_reads_the_tray_and_every_menu_item_works(tmp_path):
    from dbus_fast.aio import MessageBus

    async def scenario() -> None:
        with session_bus() as address:
            panel = await fake_tray_host.serve(address)
            bus = await MessageBus(bus_address=address).connect()
            history = History(tmp_path / "h.db")
            desk = Desk(bus, history)
            runner, clock = desk.runner, desk.clock
            runner.restore()
            await desk.tray.start()
            assert panel.watcher.items == [desk.tray.name]
            assert desk.tray.name.startswith("org.kde.StatusNotifierItem-")
            await runner.tick()

            props = await panel.properties()
            assert props["Id"] == "loosen" and props["Category"] == "ApplicationStatus"
            assert props["Menu"] == "/MenuBar" and props["ItemIsMenu"] is False
            assert props["Status"] == "Active"
            assert [(w, h, len(data)) for w, h, data in props["IconPixmap"]] == [
                (22, 22, 22 * 22 * 4),
                (32, 32, 32 * 32 * 4),
                (48, 48, 48 * 48 * 4),
            ]
            assert props["ToolTip"][2] == "Sitting for 0 min · next break 10:00"
            _, root = await panel.layout()
            assert labels(root) == [
                "Take a break now",
                "Start routine",
                "Snooze 5 min",
                "I just moved",
                "Pause",
                "Open dashboard",
                "Today: 0 min sitting, 0 breaks",
                "Quit loosen",
            ]
            assert root["children"]["Snooze 5 min"]["props"]["enabled"] is False
            assert root["children"]["Today: 0 min sitting, 0 breaks"]["props"]["enabled"] is False
            routines = root["children"]["Start routine"]
            assert routines["props"]["children-display"] == "submenu"
            assert "Desk, five minutes" in labels(routines)
            assert labels(root["children"]["Pause"]) == ["30 min", "1 h", "Until tomorrow"]

            # sitting on: the tooltip and the fill follow at the runner's own wake-ups
            icon_before = props["IconPixmap"]
            panel.signals.clear()
            await run_until(runner, clock, T0 + timedelta(minutes=30))
            await until(lambda: ("org.kde.StatusNotifierItem", "NewIcon") in panel.signals)
            props = await panel.properties()
            assert props["ToolTip"][2] == "Sitting for 30 min · next break 10:00"
            assert props["IconPixmap"] != icon_before
            # nothing visible changed: nothing is sent
            assert desk.tray.refresh() == []
            assert await panel.about_to_show() is True  # the Today line moved on: re-read
            _, root = await panel.layout()
            assert "Today: 30 min sitting, 0 breaks" in labels(root)
            assert await panel.about_to_show() is False

            # I just moved: the bout starts again
            await panel.click(root["children"]["I just moved"]["id"])
            await until(lambda: runner.status()["sitting_seconds"] == 0)
            assert runner.status()["bout_started_at"] == clock.at.isoformat()

            # Pause ▸ 30 min, then Resume
            panel.signals.clear()
            await panel.click(root["children"]["Pause"]["children"]["30 min"]["id"])
            await until(lambda: runner.status()["paused_until"] is not None)
            assert runner.status()["paused_until"] == (clock.at + timedelta(minutes=30)).isoformat()
            await until(
                lambda: ("com.canonical.dbusmenu", "ItemsPropertiesUpdated") in panel.signals
            )
            _, root = await panel.layout()
            assert "Resume" in labels(root) and "Pause" not in labels(root)
            props = await panel.properties()
            assert (
                props["ToolTip"][2] == f"Paused until {clock.at + timedelta(minutes=30):%a %H:%M}"
            )
            await panel.click(root["children"]["Resume"]["id"])
            await until(lambda: runner.status()["paused_until"] is None)
            _, root = await panel.layout()
            assert "Pause" in labels(root) and "Resume" not in labels(root)

            # the break comes: the icon asks for attention and Snooze can be chosen
            await run_until(runner, clock, T0 + timedelta(minutes=91))
            assert runner.status()["prompt_open"] is True
            props = await panel.properties()
            assert props["Status"] == "NeedsAttention"
            _, root = await panel.layout()
            assert root["children"]["Snooze 5 min"]["props"].get("enabled", True) is True
            await panel.click(root["children"]["Snooze 5 min"]["id"])
            await until(lambda: runner.status()["prompt_open"] is False)
            assert runner.status()["next_break_at"] == (clock.at + timedelta(minutes=5)).isoformat()
            assert (await panel.properties())["Status"] == "Active"

            # Take a break now: the break starts and the routine opens
            _, root = await panel.layout()
            await panel.click(root["children"]["Take a break now"]["id"])
            await until(lambda: runner.status()["mode"] == "on-break")
            assert desk.opened == ["desk-short"]
            _, root = await panel.layout()
            assert "Break done" in labels(root)
            assert root["children"]["Take a break now"]["props"]["enabled"] is False
            assert (await panel.properties())["ToolTip"][2] == "On a break"
            clock.at += timedelta(minutes=5)
            await panel.click(root["children"]["Break done"]["id"])
            await until(lambda: runner.status()["mode"] == "sitting")
            _, root = await panel.layout()
            assert any(label.endswith("1 break") for label in labels(root))

            # Start routine ▸ a routine: a break with that routine
            glutes = next(title for rid, title in routine_titles(None) if rid == "glutes")
            await panel.click(root["children"]["Start routine"]["children"][glutes]["id"])
            await until(lambda: runner.status()["mode"] == "on-break")
            assert desk.opened == ["desk-short", "glutes"]

            # the dashboard: a left click on the icon, or the menu item
            await panel.activate()
            await panel.click(root["children"]["Open dashboard"]["id"])
            await until(lambda: desk.dashboards == 2)

            # Quit loosen stops the service
            await panel.click(root["children"]["Quit loosen"]["id"])
            await until(runner.stop.is_set)

            await desk.tray.close()
            history.close()
            bus.disconnect()
            panel.bus.disconnect()

    asyncio.run(scenario())
    with sqlite3.connect(tmp_path / "h.db") as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
    for kind in ("paused", "resumed", "snoozed", "break-started", "break-done"):
        assert kind in kinds


def test_the_tray_registers_again_when_the_panel_restarts(tmp_path):
    from dbus_fast.aio import MessageBus

    async def scenario() -> None:
        with session_bus() as address:
            bus = await MessageBus(bus_address=address).connect()
            history = History(tmp_path / "h.db")
            desk = Desk(bus, history)
            desk.runner.restore()
            await desk.tray.start()  # no panel yet: nothing to register with
            assert desk.tray.registrations == 0 and desk.tray.problem

            first = await fake_tray_host.serve(address)  # a panel starts after the service
            await until(lambda: first.watcher.items == [desk.tray.name])
            first.bus.disconnect()  # the panel crashes ...
            await first.bus.wait_for_disconnect()
            second = await fake_tray_host.serve(address)  # ... and comes back
            await until(lambda: second.watcher.items == [desk.tray.name])
            assert desk.tray.registrations == 2
            props = await second.properties()
            assert props["Id"] == "loosen"

            await desk.tray.close()
            history.close()
            bus.disconnect()
            second.bus.disconnect()

    asyncio.run(scenario())
