"""The presence detectors of this desktop: what says the user is at the desk without typing
(a call, a full-screen window, do-not-disturb, media playing, an idle inhibitor)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("loosen.service")


def detectors(bus: Any | None) -> dict[str, Callable[[], Awaitable[str]]]:
    """The presence detectors of this desktop: what says the user is there without typing.

    Linux: microphone or camera in use (a call), a full-screen window on X11, do-not-disturb,
    media playing (MPRIS on the session bus), an idle inhibitor held (GNOME's session manager,
    KDE's PowerDevil, Xfce's power manager). Each answers "" or what it sees; none of them runs
    on a timer: the runner asks them when the coach says a sample may decide "away" or a prompt.
    """
    if sys.platform == "win32":
        return windows_detectors()
    if not sys.platform.startswith("linux"):
        return {}
    from loosen.adapters.presence.dnd import do_not_disturb
    from loosen.adapters.presence.linux import call_state

    found: dict[str, Callable[[], Awaitable[str]]] = {}

    async def call() -> str:
        return call_state().why()

    found["call"] = call
    if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        try:
            from loosen.adapters.presence.x11 import FullscreenDetector

            fullscreen = FullscreenDetector(os.environ["DISPLAY"])

            async def full() -> str:
                return "a full-screen window" if fullscreen.fullscreen() else ""

            found["fullscreen"] = full
        except Exception:  # noqa: BLE001 (no X server: the other detectors still work)
            pass

    async def dnd() -> str:
        return await do_not_disturb(bus, os.environ)

    found["dnd"] = dnd
    if bus is not None:
        from loosen.adapters.presence.media import media_playing

        async def media() -> str:
            return await media_playing(bus)

        found["media"] = media
        from loosen.adapters.presence.inhibitor import idle_inhibited

        async def inhibitor() -> str:
            return await idle_inhibited(bus)

        found["inhibitor"] = inhibitor
    return found


async def listen_for_media(bus: Any, runner: Any) -> None:
    """Players signal when they start or stop playing: the coach hears it at once."""
    from loosen.adapters.presence.media import listen

    tasks: set[asyncio.Task[None]] = set()

    def changed() -> None:
        task = asyncio.get_running_loop().create_task(runner.presence_changed("media"))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    try:
        await listen(bus, changed)
    except Exception as exc:  # noqa: BLE001 (then media is only asked at the thresholds)
        log.debug("cannot listen for media players: %s", exc)


def windows_detectors() -> dict[str, Callable[[], Awaitable[str]]]:
    """Windows: a full-screen program or presentation mode (SHQueryUserNotificationState)."""
    try:
        from loosen.adapters.presence.windows import NotificationState

        state = NotificationState()
    except Exception:  # noqa: BLE001 (an older Windows without it: nothing detected)
        return {}

    async def full() -> str:
        return state.why()

    return {"fullscreen": full}
