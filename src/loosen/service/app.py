"""The composition root of the background service: build everything from settings, then run.

One process, one asyncio loop: the runner and the control API (uvicorn on 127.0.0.1) share it.
uvicorn's own main loop is not used: it wakes ten times a second to look for a shutdown flag
(platform-notes.md). We call ``Server.startup``/``shutdown`` around our own wait on a stop event,
handle SIGTERM/SIGINT ourselves, and add the ``Date`` header per response (``Guard``), so the
service sleeps until the coach or a request needs it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from loosen.app import App
from loosen.config import Settings
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy, WorkingHours
from loosen.errors import HistoryError
from loosen.i18n import _
from loosen.ports import IdleSource, Notifier
from loosen.service.calendar_reader import calendar_reader
from loosen.service.detectors import detectors, listen_for_media
from loosen.service.runtime import Runtime, RuntimeFile, new_token, runtime_dir
from loosen.values import clock_time

if TYPE_CHECKING:
    from loosen.storage.history import History

log = logging.getLogger("loosen.service")


def policy_from(settings: Settings, screen: bool = True) -> BreakPolicy:
    """The break policy of ``settings``; ``screen``: whether a break screen can be shown here
    (without one an unanswered prompt has nothing to escalate to)."""
    b, a, h = settings.breaks, settings.activity, settings.hours
    return BreakPolicy(
        interval=timedelta(minutes=b.interval_minutes),
        heads_up=timedelta(seconds=b.heads_up_seconds),
        snooze=timedelta(minutes=b.snooze_minutes),
        max_snoozes=b.max_snoozes,
        skips_per_day=b.skips_per_day,
        repeat=timedelta(minutes=b.repeat_minutes),
        nudge=timedelta(minutes=b.nudge_minutes) if b.nudge_minutes else None,
        away_after=timedelta(minutes=a.away_minutes),
        ask_after=timedelta(minutes=a.ask_minutes),
        quiet_away=timedelta(minutes=a.quiet_minutes),
        prerun_lead=timedelta(minutes=settings.calendar.prerun_minutes),
        defer_ceiling=timedelta(minutes=b.defer_ceiling_minutes)
        if b.defer_ceiling_minutes
        else None,
        escalate_after=timedelta(minutes=b.escalate_after)
        if b.screen and b.escalate_after and screen
        else None,
        hours=WorkingHours(
            start=clock_time(h.start),
            end=clock_time(h.end),
            days=tuple(h.days),
            enabled=h.enabled,
        ),
    )


def localize(at: datetime) -> datetime:
    return at.astimezone()


@dataclass
class Adapters:
    idle: IdleSource
    idle_note: str
    notifier: Notifier
    bus: Any | None


async def session_bus() -> Any | None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and sys.platform.startswith("linux"):
        return None
    try:
        from dbus_fast.aio import MessageBus

        return await MessageBus().connect()
    except Exception:  # noqa: BLE001 (no bus: the D-Bus adapters are not available)
        return None


async def build_adapters(settings: Settings) -> Adapters:
    from loosen.adapters.idle.platform import UnavailableIdleSource
    from loosen.adapters.idle.select import probe_all
    from loosen.adapters.notify.terminal import TerminalNotifier

    bus = await session_bus()
    wanted = settings.activity.idle_source
    idle: IdleSource
    note = ""
    if wanted == "none":
        note = _("turned off in settings")
        idle = UnavailableIdleSource(note)
    else:
        chosen, probes = await probe_all(os.environ, bus, None if wanted == "auto" else wanted)
        if wanted != "auto":
            ok = [p for p in probes if p.name == wanted and p.ok]
            if not ok:
                why = next((p.detail for p in probes if p.name == wanted), "not tried")
                chosen, note = None, f"{wanted} was asked for in settings but {why}"
        if chosen is None:
            note = note or "; ".join(f"{p.name}: {p.detail}" for p in probes)
            idle = UnavailableIdleSource(note)
        else:
            idle = chosen
            note = next(p.detail for p in probes if p.name == chosen.name)
    notifier: Notifier = TerminalNotifier()
    if settings.service.notifications != "terminal":
        try:
            from loosen.adapters.notify.desktop import DesktopNotifier

            desktop = DesktopNotifier(bus)  # the service's own D-Bus connection, where it has one
            problem = await desktop.available()
            if problem is None:
                notifier = desktop
            else:
                await desktop.close()
                log.warning(
                    "No desktop notification server answers here; reminders are printed "
                    "below instead (`loosen doctor` says why)."
                )
        except Exception as exc:  # noqa: BLE001
            log.warning("desktop notifications are not available: %s", exc)
    return Adapters(idle, note, notifier, bus)


def bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.setblocking(False)
    return sock


async def serve(app: App, ready: Callable[[Runtime], None] | None = None) -> int:
    """Run the service until SIGTERM/SIGINT or `loosen stop`; return the exit status."""
    from uvicorn.config import Config
    from uvicorn.server import Server

    from loosen.service.clock import ServiceClock
    from loosen.service.opener import RoutineOpener
    from loosen.service.runner import Runner, Wording
    from loosen.service.safe_activity import keep_backups, open_history
    from loosen.web.app import create_app
    from loosen.web.auth import Access
    from loosen.web.context import WebContext
    from loosen.web.hub import Hub

    settings = app.settings
    rt_file = RuntimeFile(runtime_dir(app.environ, app.paths.data_dir))
    rt_file.acquire()
    history, activity = open_history(app)
    adapters = await build_adapters(settings)
    wording = Wording(seated=_seated_only(history), break_minutes=5)
    calendars = calendar_reader(app)
    hub = Hub()
    opener = RoutineOpener(lambda: app.settings.breaks.open_in)
    from loosen.service.break_screen import screen_problem

    screen_ok = screen_problem(app.environ) is None
    runner = Runner(
        Coach(policy_from(settings, screen_ok), localize),
        activity,
        adapters.idle,
        adapters.notifier,
        ServiceClock(),
        localize=localize,
        wording=wording,
        open_routine=opener.open,
        break_routine=settings.breaks.routine,
        source_note=adapters.idle_note,
        calendars=calendars,
        detectors=detectors(adapters.bus),
        publish=hub.publish,
        listeners=lambda: hub.listeners,
    )
    runner.restore()
    _pause_after_tier_two(runner, history)
    backups = asyncio.create_task(keep_backups(app.paths.history_db, activity))
    await asyncio.sleep(0)  # the first backup (if one is due) starts now, in a child process
    if adapters.bus is not None and "media" in runner.detectors:
        await listen_for_media(adapters.bus, runner)
    lock_events = None
    if adapters.bus is not None:
        from loosen.adapters.session.screensaver import ScreenSaverEvents

        lock_events = ScreenSaverEvents(adapters.bus)
        await lock_events.start(runner.on_lock)

    from loosen.service import forward
    from loosen.service.desktop_parts import start_desktop

    desktop = await start_desktop(app, runner, adapters.bus, opener, rt_file.folder)

    token = new_token()
    sock = bind(settings.service.port)
    port = sock.getsockname()[1]
    host = forward.web_host(app.paths.data_dir)
    forget_old_web_secret(app)
    forward.sweep(rt_file.folder)
    access = Access(token, host, on_redeem=lambda t: forward.remove(rt_file.folder, t))

    async def reconfigure() -> list[str]:
        """Read the settings file again and use it now; its problems (then nothing changes)."""
        from loosen.config import load_settings
        from loosen.errors import LoosenError

        try:
            new = load_settings(app.paths.settings_file, app.environ)
        except LoosenError as exc:
            return str(exc).splitlines()
        app.__dict__["settings"] = new  # App.settings is a cached property
        runner.apply_settings(policy_from(new, screen_ok), new.breaks.routine)
        return []

    web = WebContext(app, runner, hub, access, reconfigure)
    web_url = f"http://{host}:{port}"
    opener.listening(web_url, access.new_ticket, rt_file.folder)
    from loosen.service.connections import GuardedH11, raise_file_limit

    raise_file_limit()
    config = Config(
        create_app(web),
        http=GuardedH11,  # idle and slow connections cut, their number capped; its own 400s
        timeout_keep_alive=5,  # in the JSON error shape too (web/http_errors.py)
        lifespan="off",
        date_header=False,
        server_header=False,
        access_log=False,
        log_level="warning",
        log_config=None,
        timeout_graceful_shutdown=5,
    )
    config.load()
    server = Server(config)
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=[sock])

    loop = asyncio.get_running_loop()

    def stop() -> None:
        runner.stop.set()
        runner.wake()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    runtime = Runtime(os.getpid(), port, token, web_url)
    rt_file.write(runtime)
    if ready is not None:
        ready(runtime)
    try:
        await runner.run()
    finally:
        backups.cancel()
        # a backup under way finishes first (in its child process)
        await asyncio.gather(backups, return_exceptions=True)
        hub.close()
        await server.shutdown(sockets=[sock])
        if lock_events is not None:
            await lock_events.close()
        await desktop.close()
        await adapters.notifier.close()
        await adapters.idle.close()
        if adapters.bus is not None:
            adapters.bus.disconnect()
        if history is not None:
            history.close()
        forward.sweep(rt_file.folder, older_than=0)
        rt_file.release()
    return 0


def forget_old_web_secret(app: App) -> None:
    """Delete the long-lived cookie secret older versions kept (sessions now live in memory)."""
    import contextlib

    with contextlib.suppress(OSError):
        (app.paths.data_dir / "web-secret").unlink()


def _seated_only(history: History | None) -> bool:
    try:
        rec = history.latest_screening() if history is not None else None
    except HistoryError:
        return False
    return bool(rec and rec.answers.get("seated-only"))


def _pause_after_tier_two(runner: Any, history: History | None) -> None:
    """A tier-2 check-in today pauses reminders for the rest of the day (domain.md §4.1)."""
    now = runner.clock.now()
    start = runner._local_day_start(now)
    try:
        checkins = history.recent_checkins(limit=20) if history is not None else []
    except HistoryError:
        checkins = []
    for c in checkins:
        if c.tier == 2 and c.at >= start and runner.coach.paused_until is None:
            from loosen.core.coach import Command

            local = localize(now)
            midnight = (local + timedelta(days=1)).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            runner.apply(Command(now, "pause", until=now + (midnight - local)))
            break
