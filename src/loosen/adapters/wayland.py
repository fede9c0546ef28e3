"""A small Wayland client: the wire protocol, on the asyncio loop, for the few objects loosen uses.

A message is the object id (u32), then the size in bytes (high 16 bits) and the opcode (low 16),
then the arguments: u32/i32 as is, strings as a length (with the NUL) and the bytes padded to
4, new ids as u32 (``wl_registry.bind``'s untyped one as interface, version, id). loosen sends
and reads no file descriptors, arrays or fixed-point numbers, so those are not implemented.

Why not pywayland: it is cffi bindings over libwayland-client, so the long-running service would
load cffi and libwayland-client, and both idle protocols would have to go through its scanner
from XML files we would ship; for the four requests and four events loosen needs, this module is
about 200 lines with no native dependency. It is tested against real compositors (KWin 5.27 for
ext-idle-notify-v1, sway 1.7 for org_kde_kwin_idle) and, for the exact requests, against a
compositor socket written by hand from the protocol XML.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("loosen.wayland")

DISPLAY_ID = 1
#: wl_display events; wl_registry requests and events; wl_callback's event
DISPLAY_ERROR, DELETE_ID = 0, 1
SYNC, GET_REGISTRY = 0, 1
BIND, GLOBAL, GLOBAL_REMOVE = 0, 0, 1
DONE = 0

Handler = Callable[[int, bytes], None]
ROUNDTRIP_SECONDS = 5.0


class WaylandError(RuntimeError):
    """The compositor cannot be reached or refused a request (the message says why)."""


def socket_path(environ: dict[str, str] | Any) -> Path:
    name = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    if name.startswith("/"):
        return Path(name)
    runtime = environ.get("XDG_RUNTIME_DIR")
    if not runtime:
        raise WaylandError("XDG_RUNTIME_DIR is not set, so the Wayland socket cannot be found")
    return Path(runtime) / name


def pack_string(s: str) -> bytes:
    data = s.encode() + b"\0"
    return struct.pack("=I", len(data)) + data + b"\0" * (-len(data) % 4)


def read_string(data: bytes, at: int) -> tuple[str, int]:
    (n,) = struct.unpack_from("=I", data, at)
    text = data[at + 4 : at + 4 + max(n - 1, 0)].decode(errors="replace")
    return text, at + 4 + n + (-n % 4)


def message(obj: int, opcode: int, args: bytes = b"") -> bytes:
    return struct.pack("=II", obj, ((8 + len(args)) << 16) | opcode) + args


class Connection:
    """One connection to a compositor; ``handlers[id]`` gets each event of object ``id``."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buf = b""
        self._next = 2  # client ids start at 2 (1 is wl_display)
        self._free: list[int] = []
        self.handlers: dict[int, Handler] = {}
        self.globals: dict[str, tuple[int, int]] = {}  # interface -> (name, version)
        self.gone = False
        self.error = ""
        self.on_gone: Callable[[], None] | None = None
        self.registry = 0
        self._waiting: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.handlers[DISPLAY_ID] = self._display_event

    @classmethod
    async def open(cls, environ: dict[str, str] | Any) -> Connection:
        path = socket_path(environ)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.sock_connect(sock, str(path)), timeout=5)
        except (OSError, TimeoutError) as exc:
            sock.close()
            raise WaylandError(f"no Wayland compositor answers on {path} ({exc})") from exc
        conn = cls(sock)
        conn._loop = loop
        loop.add_reader(sock.fileno(), conn._readable)
        conn.registry = conn.new_id(conn._registry_event)
        conn.send(DISPLAY_ID, GET_REGISTRY, struct.pack("=I", conn.registry))
        await conn.roundtrip()
        return conn

    # -- ids and requests --------------------------------------------------------------------------
    def new_id(self, handler: Handler) -> int:
        obj = self._free.pop() if self._free else self._next
        if obj == self._next:
            self._next += 1
        self.handlers[obj] = handler
        return obj

    def send(self, obj: int, opcode: int, args: bytes = b"") -> None:
        if self.gone:
            return
        try:
            self._sock.sendall(message(obj, opcode, args))
        except OSError as exc:
            self._lost(f"the compositor went away ({exc})")

    def bind(self, interface: str, version: int, handler: Handler) -> int:
        """Bind a global the registry announced; its object id."""
        name, offered = self.globals[interface]
        obj = self.new_id(handler)
        args = struct.pack("=I", name) + pack_string(interface)
        self.send(self.registry, BIND, args + struct.pack("=II", min(version, offered), obj))
        return obj

    async def roundtrip(self) -> None:
        """Wait until the compositor has handled every request sent so far."""
        assert self._loop is not None
        done = self._loop.create_future()

        def callback(opcode: int, data: bytes) -> None:
            if not done.done():
                done.set_result(None)

        self.send(DISPLAY_ID, SYNC, struct.pack("=I", self.new_id(callback)))
        if self.gone:
            raise WaylandError(self.error)
        self._waiting = done
        try:
            await asyncio.wait_for(done, ROUNDTRIP_SECONDS)
        except TimeoutError as exc:
            raise WaylandError("the Wayland compositor does not answer") from exc
        if self.gone:
            raise WaylandError(self.error)

    # -- events ------------------------------------------------------------------------------------
    def _readable(self) -> None:
        try:
            data = self._sock.recv(65536)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lost(f"the compositor went away ({exc})")
            return
        if not data:
            self._lost("the compositor closed the connection")
            return
        self._buf += data
        while len(self._buf) >= 8:
            obj, word = struct.unpack_from("=II", self._buf)
            size, opcode = word >> 16, word & 0xFFFF
            if size < 8 or len(self._buf) < size:
                break
            body, self._buf = self._buf[8:size], self._buf[size:]
            handler = self.handlers.get(obj)
            if handler is not None:
                try:
                    handler(opcode, body)
                except Exception as exc:  # noqa: BLE001 (one bad event must not stop the rest)
                    log.debug("Wayland event %s/%s failed: %s", obj, opcode, exc)

    def _display_event(self, opcode: int, data: bytes) -> None:
        if opcode == DISPLAY_ERROR:
            obj, code = struct.unpack_from("=II", data)
            text, _ = read_string(data, 8)
            self._lost(f"the compositor refused a request ({text}, object {obj}, code {code})")
        elif opcode == DELETE_ID:
            (obj,) = struct.unpack_from("=I", data)
            self.handlers.pop(obj, None)
            self._free.append(obj)

    def _registry_event(self, opcode: int, data: bytes) -> None:
        if opcode == GLOBAL:
            (name,) = struct.unpack_from("=I", data)
            interface, at = read_string(data, 4)
            (version,) = struct.unpack_from("=I", data, at)
            self.globals[interface] = (name, version)
        elif opcode == GLOBAL_REMOVE:
            (name,) = struct.unpack_from("=I", data)
            for interface, (n, _) in list(self.globals.items()):
                if n == name:
                    del self.globals[interface]

    def _lost(self, why: str) -> None:
        if self.gone:
            return
        self.gone, self.error = True, why
        if self._loop is not None:
            with contextlib.suppress(Exception):
                self._loop.remove_reader(self._sock.fileno())
        if self._waiting is not None and not self._waiting.done():
            self._waiting.set_result(None)
        if self.on_gone is not None:
            self.on_gone()

    def close(self) -> None:
        self.on_gone = None
        self._lost("closed")
        self._sock.close()


def wayland_session(environ: dict[str, str] | Any) -> bool:
    return bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
