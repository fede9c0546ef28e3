"""A small MPRIS media player for tests (dbus-fast), like a browser tab or mpv publishes.

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method


class Player(ServiceInterface):
    def __init__(self, status: str) -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self.status = status
        self.calls: list[str] = []

    @dbus_property(access=PropertyAccess.READ)
    def PlaybackStatus(self) -> "s":
        return self.status

    def set_status(self, status: str) -> None:
        """Change the status and tell the bus, as a player does."""
        self.status = status
        self.emit_properties_changed({"PlaybackStatus": status})

    @method()
    def Pause(self) -> None:
        self.calls.append("Pause")
        self.status = "Paused"

    @method()
    def Play(self) -> None:
        self.calls.append("Play")
        self.status = "Playing"


async def serve(address: str, name: str, status: str) -> tuple[Any, Player]:
    """A player on its own connection, named ``org.mpris.MediaPlayer2.<name>``."""
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    player = Player(status)
    bus.export("/org/mpris/MediaPlayer2", player)
    await bus.request_name(f"org.mpris.MediaPlayer2.{name}")
    return bus, player
