"""Media playing: a film, a video call in a browser tab, music (MPRIS on the session bus).

Browsers (Chromium, Firefox) and players (mpv, VLC, Rhythmbox, Spotify) publish each playing
thing as a bus name ``org.mpris.MediaPlayer2.*`` with a ``PlaybackStatus`` property of
``org.mpris.MediaPlayer2.Player``. "Playing" says the user is there, watching or listening: a
stillness it explains is sitting, not a break. Asked when the idle time crosses a threshold,
never on a timer; a player that does not answer within a second is taken as not playing.
A break pauses the players that are playing and plays exactly those again when it ends.
"""

from __future__ import annotations

import asyncio
from typing import Any

from loosen.i18n import _

PREFIX = "org.mpris.MediaPlayer2."
PATH = "/org/mpris/MediaPlayer2"


async def _call(bus: Any, destination: str, member: str, signature: str, body: list[Any]) -> Any:
    from dbus_fast import Message, MessageType

    reply = await asyncio.wait_for(
        bus.call(
            Message(
                destination=destination,
                path=PATH if destination != "org.freedesktop.DBus" else "/org/freedesktop/DBus",
                interface="org.freedesktop.DBus.Properties"
                if destination != "org.freedesktop.DBus"
                else "org.freedesktop.DBus",
                member=member,
                signature=signature,
                body=body,
            )
        ),
        timeout=1.0,
    )
    if reply.message_type != MessageType.METHOD_RETURN or not reply.body:
        return None
    value = reply.body[0]
    return getattr(value, "value", value)


async def players(bus: Any) -> list[str]:
    """The MPRIS players on the bus now."""
    try:
        names = await _call(bus, "org.freedesktop.DBus", "ListNames", "", [])
    except Exception:  # noqa: BLE001 (no bus)
        return []
    return sorted(n for n in names or [] if isinstance(n, str) and n.startswith(PREFIX))


async def playing(bus: Any, name: str) -> bool:
    try:
        status = await _call(
            bus, name, "Get", "ss", ["org.mpris.MediaPlayer2.Player", "PlaybackStatus"]
        )
    except Exception:  # noqa: BLE001 (a player that went away or does not answer)
        return False
    return bool(status == "Playing")


async def media_playing(bus: Any) -> str:
    """What is playing ("media playing in chromium"), or "" when nothing is."""
    for name in await players(bus):
        if await playing(bus, name):
            return _("media playing in %(player)s") % {"player": name[len(PREFIX) :].split(".")[0]}
    return ""


MATCH = (
    "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',"
    f"path='{PATH}',arg0='org.mpris.MediaPlayer2.Player'"
)


async def listen(bus: Any, on_change: Any) -> Any:
    """Call ``on_change()`` whenever a player's ``PlaybackStatus`` changes (a signal the players
    send themselves: nothing polls). Returns the handler, for :func:`stop_listening`."""
    from dbus_fast import Message

    def handler(msg: Any) -> bool:
        if (
            msg.member == "PropertiesChanged"
            and msg.path == PATH
            and len(msg.body) >= 2
            and msg.body[0] == "org.mpris.MediaPlayer2.Player"
            and "PlaybackStatus" in msg.body[1]
        ):
            on_change()
        return False

    bus.add_message_handler(handler)
    await bus.call(
        Message(
            destination="org.freedesktop.DBus",
            path="/org/freedesktop/DBus",
            interface="org.freedesktop.DBus",
            member="AddMatch",
            signature="s",
            body=[MATCH],
        )
    )
    return handler


async def _player(bus: Any, name: str, member: str) -> bool:
    """Call a method of a player's ``org.mpris.MediaPlayer2.Player``; False if it failed."""
    from dbus_fast import Message, MessageType

    try:
        reply = await asyncio.wait_for(
            bus.call(
                Message(
                    destination=name,
                    path=PATH,
                    interface="org.mpris.MediaPlayer2.Player",
                    member=member,
                )
            ),
            timeout=1.0,
        )
    except Exception:  # noqa: BLE001 (a player that went away or does not answer)
        return False
    return bool(reply.message_type == MessageType.METHOD_RETURN)


async def pause_playing(bus: Any) -> list[str]:
    """Pause every player that is playing now; the ones paused (to play them again later)."""
    paused = []
    for name in await players(bus):
        if await playing(bus, name) and await _player(bus, name, "Pause"):
            paused.append(name)
    return paused


async def play(bus: Any, names: list[str]) -> list[str]:
    """Play again the players named (those loosen paused); the ones that answered."""
    return [name for name in names if await _player(bus, name, "Play")]
