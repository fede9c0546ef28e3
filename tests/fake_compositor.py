"""A compositor written by hand from ext-idle-notify-v1's protocol XML: just enough of the Wayland
wire protocol to offer it. It is not a recording of a real compositor's exchange.

What it is for: the exact requests loosen sends (the registry's globals, ``wl_display.sync``,
``wl_registry.bind``, ``ext_idle_notifier_v1.get_idle_notification(id, timeout, seat)``,
``destroy``, the seat's ``release``) and ``idled``/``resumed`` sent when the test likes, which a
real compositor does not let a test see or time. The behaviour against a real compositor is
tested on a headless KWin 5.27 (``tests/compositors.py``), which offers ext-idle-notify-v1.
Every request is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field
from pathlib import Path

from loosen.adapters.wayland import message, pack_string, read_string

GLOBALS = [(1, "wl_seat", 7), (2, "ext_idle_notifier_v1", 1), (3, "wl_output", 4)]


@dataclass
class Notification:
    obj: int
    timeout: int
    seat: int
    alive: bool = True
    idle: bool = False


@dataclass
class FakeCompositor:
    path: Path
    globals: list[tuple[int, str, int]] = field(default_factory=lambda: list(GLOBALS))
    requests: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    notifications: dict[int, Notification] = field(default_factory=dict)
    bound: dict[str, int] = field(default_factory=dict)
    _writer: asyncio.StreamWriter | None = None
    _server: asyncio.AbstractServer | None = None
    _kinds: dict[int, str] = field(default_factory=dict)

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._client, path=str(self.path))

    async def stop(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def live(self) -> list[Notification]:
        return [n for n in self.notifications.values() if n.alive]

    def idled(self, n: Notification) -> None:
        n.idle = True
        self._send(message(n.obj, 0))

    def resumed(self) -> None:
        """Input: ``resumed`` to each notification that had idled (as the protocol says)."""
        for n in self.live():
            if n.idle:
                n.idle = False
                self._send(message(n.obj, 1))

    def _send(self, data: bytes) -> None:
        assert self._writer is not None
        self._writer.write(data)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writer = writer
        self._kinds[1] = "wl_display"
        try:
            while True:
                head = await reader.readexactly(8)
                obj, word = struct.unpack("=II", head)
                body = await reader.readexactly((word >> 16) - 8)
                self._request(obj, word & 0xFFFF, body)
                if not writer.is_closing():
                    with contextlib.suppress(ConnectionError):
                        await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    def _request(self, obj: int, opcode: int, body: bytes) -> None:
        kind = self._kinds.get(obj, "?")
        if kind == "wl_display" and opcode == 1:  # get_registry(new_id)
            (registry,) = struct.unpack("=I", body)
            self._kinds[registry] = "wl_registry"
            self.requests.append(("get_registry", (registry,)))
            for name, interface, version in self.globals:
                args = struct.pack("=I", name) + pack_string(interface) + struct.pack("=I", version)
                self._send(message(registry, 0, args))
        elif kind == "wl_display" and opcode == 0:  # sync(new_id callback)
            (callback,) = struct.unpack("=I", body)
            self.requests.append(("sync", (callback,)))
            self._send(message(callback, 0, struct.pack("=I", 1)))
            self._send(message(1, 1, struct.pack("=I", callback)))  # delete_id
        elif kind == "wl_registry" and opcode == 0:  # bind(name, interface, version, id)
            (name,) = struct.unpack_from("=I", body)
            interface, at = read_string(body, 4)
            version, new = struct.unpack_from("=II", body, at)
            self._kinds[new] = interface
            self.bound[interface] = new
            self.requests.append(("bind", (name, interface, version, new)))
        elif kind == "wl_seat" and opcode == 3:  # release (version 5 and later)
            self.requests.append(("release", (obj,)))
            self._send(message(1, 1, struct.pack("=I", obj)))
        elif kind == "ext_idle_notifier_v1" and opcode == 1:  # get_idle_notification
            new, timeout, seat = struct.unpack("=III", body)
            self._kinds[new] = "ext_idle_notification_v1"
            self.notifications[new] = Notification(new, timeout, seat)
            self.requests.append(("get_idle_notification", (new, timeout, seat)))
        elif kind == "ext_idle_notification_v1" and opcode == 0:  # destroy
            self.notifications[obj].alive = False
            self.requests.append(("destroy", (obj,)))
            self._send(message(1, 1, struct.pack("=I", obj)))
        else:
            self.requests.append((f"{kind}.{opcode}", (body,)))
