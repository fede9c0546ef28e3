"""D-Bus services a break talks to, for tests: MPRIS media players and a screensaver that locks.

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method


class Player(ServiceInterface):
    """org.mpris.MediaPlayer2.Player of one player; records the calls it gets."""

    def __init__(self, status: str) -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self.status = status
        self.calls: list[str] = []

    @dbus_property(access=PropertyAccess.READ)
    def PlaybackStatus(self) -> "s":
        return self.status

    @method()
    def Pause(self) -> None:
        self.calls.append("Pause")
        self.status = "Paused"

    @method()
    def Play(self) -> None:
        self.calls.append("Play")
        self.status = "Playing"

    @method()
    def PlayPause(self) -> None:
        self.calls.append("PlayPause")
        self.status = "Paused" if self.status == "Playing" else "Playing"


async def player(address: str, name: str, status: str) -> tuple[Any, Player]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    p = Player(status)
    bus.export("/org/mpris/MediaPlayer2", p)
    await bus.request_name(f"org.mpris.MediaPlayer2.{name}")
    return bus, p


class Locker(ServiceInterface):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.locks = 0

    @method()
    def Lock(self) -> None:
        self.locks += 1


async def screensaver(address: str, name: str, path: str) -> tuple[Any, Locker]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    saver = Locker(name)
    bus.export(path, saver)
    await bus.request_name(name)
    return bus, saver
