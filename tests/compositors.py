"""Real Wayland compositors for tests: headless Mutter (GNOME) on a private session bus, with input
through Mutter's own RemoteDesktop API; headless sway 1.7 with wtype; headless KWin 5.27 (KDE) on
a private session bus, with input through its own fake-input protocol."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.desktop import session_bus

IDLE = "org.gnome.Mutter.IdleMonitor"
IDLE_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
RD = "org.gnome.Mutter.RemoteDesktop"
KEY_A = 30  # evdev KEY_A


async def _call(bus: Any, dest: str, path: str, iface: str, member: str, sig: str = "", *body: Any):
    from dbus_fast import Message, MessageType

    reply = await bus.call(
        Message(
            destination=dest,
            path=path,
            interface=iface,
            member=member,
            signature=sig,
            body=list(body),
        )
    )
    if reply.message_type == MessageType.ERROR:
        raise RuntimeError(f"{member}: {reply.error_name} {reply.body}")
    return reply.body


def _answers(address: str) -> bool:
    async def ask() -> bool:
        from dbus_fast.aio import MessageBus

        bus = await MessageBus(bus_address=address).connect()
        try:
            await _call(bus, IDLE, IDLE_PATH, IDLE, "GetIdletime")
            await _call(
                bus, RD, "/org/gnome/Mutter/RemoteDesktop", "org.freedesktop.DBus.Peer", "Ping"
            )
            return True
        except RuntimeError:
            return False
        finally:
            bus.disconnect()

    return asyncio.run(ask())


@contextmanager
def mutter() -> Iterator[str]:
    """Headless GNOME Mutter (Wayland, no X11) on a private session bus; yields the bus address."""
    if shutil.which("mutter") is None:
        raise RuntimeError("mutter is not installed; ./dev.sh test installs it")
    with session_bus() as address:
        runtime = Path(tempfile.mkdtemp(prefix="loosen-mutter-"))
        runtime.chmod(0o700)
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env.update(
            DBUS_SESSION_BUS_ADDRESS=address,
            XDG_RUNTIME_DIR=str(runtime),
            XDG_CONFIG_HOME=str(runtime / "config"),
            GSETTINGS_BACKEND="memory",
        )
        log = open(runtime / "mutter.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            ["mutter", "--headless", "--virtual-monitor", "1280x800", "--wayland", "--no-x11"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while not _answers(address):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "mutter did not start: " + (runtime / "mutter.log").read_text()[-500:]
                    )
                time.sleep(0.2)
            yield address
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
            shutil.rmtree(runtime, ignore_errors=True)


class MutterInput:
    """A user at a GNOME desktop: pointer motion and key presses through a RemoteDesktop session,
    which Mutter handles as real input (it resets the idle time)."""

    def __init__(self, bus: Any, session: str) -> None:
        self.bus = bus
        self.session = session

    @classmethod
    async def start(cls, address: str) -> MutterInput:
        from dbus_fast.aio import MessageBus

        bus = await MessageBus(bus_address=address).connect()
        (session,) = await _call(bus, RD, "/org/gnome/Mutter/RemoteDesktop", RD, "CreateSession")
        await _call(bus, RD, session, f"{RD}.Session", "Start")
        return cls(bus, session)

    async def move(self) -> None:
        await _call(
            self.bus,
            RD,
            self.session,
            f"{RD}.Session",
            "NotifyPointerMotionRelative",
            "dd",
            3.0,
            2.0,
        )

    async def key(self, code: int = KEY_A) -> None:
        for down in (True, False):
            await _call(
                self.bus,
                RD,
                self.session,
                f"{RD}.Session",
                "NotifyKeyboardKeycode",
                "ub",
                code,
                down,
            )

    async def idle_ms(self) -> int:
        (ms,) = await _call(self.bus, IDLE, IDLE_PATH, IDLE, "GetIdletime")
        return int(ms)

    async def close(self) -> None:
        try:
            await _call(self.bus, RD, self.session, f"{RD}.Session", "Stop")
        finally:
            self.bus.disconnect()


SWAY_CONFIG = "output HEADLESS-1 resolution 1280x800\n"
NOBODY = 65534


@contextmanager
def sway() -> Iterator[dict[str, str]]:
    """Headless sway 1.7 (wlroots 0.15); yields the environment a Wayland client needs.

    sway refuses to run as root, so as root it runs as nobody (setpriv) in a runtime folder that
    user owns; root's own clients (the tests, wtype) can still connect to its socket."""
    if shutil.which("sway") is None:
        raise RuntimeError("sway is not installed; ./dev.sh test installs it")
    runtime = Path(tempfile.mkdtemp(prefix="loosen-sway-"))
    (runtime / "config").write_text(SWAY_CONFIG)
    command = ["sway", "-c", str(runtime / "config")]
    if os.geteuid() == 0:
        os.chown(runtime, NOBODY, NOBODY)
        os.chown(runtime / "config", NOBODY, NOBODY)
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(runtime),
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_LIBINPUT_NO_DEVICES": "1",
    }
    log = open(runtime.parent / f"{runtime.name}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not (sockets := [p for p in runtime.glob("wayland-*") if p.suffix != ".lock"]):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = Path(log.name).read_text()[-500:]
                raise RuntimeError(f"sway did not start: {tail}")
            time.sleep(0.05)
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": sockets[0].name}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        Path(log.name).unlink(missing_ok=True)
        shutil.rmtree(runtime, ignore_errors=True)


def wtype(env: dict[str, str], *args: str) -> None:
    """Key presses through the compositor's virtual-keyboard protocol (wtype)."""
    subprocess.run(["wtype", *args], env={**os.environ, **env}, check=True, timeout=10)


def _offers(env: dict[str, str], interface: str) -> bool:
    """Whether the compositor at ``env`` answers and announces ``interface``."""
    from loosen.adapters.wayland import Connection, WaylandError

    async def ask() -> bool:
        try:
            conn = await Connection.open(env)
        except WaylandError:
            return False
        try:
            return interface in conn.globals
        finally:
            conn.close()

    return asyncio.run(ask())


def _bus_has(address: str, name: str) -> bool:
    async def ask() -> bool:
        from dbus_fast.aio import MessageBus

        bus = await MessageBus(bus_address=address).connect()
        try:
            (has,) = await _call(
                bus,
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "NameHasOwner",
                "s",
                name,
            )
            return bool(has)
        finally:
            bus.disconnect()

    return asyncio.run(ask())


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class KWin:
    """A running headless KWin: ``env`` for Wayland clients, ``bus`` its session bus."""

    def __init__(self, env: dict[str, str], bus: str, runtime: Path) -> None:
        self.env = env
        self.bus = bus
        self.runtime = runtime


@contextmanager
def kwin() -> Iterator[KWin]:
    """Headless KWin 5.27 (KDE Plasma's compositor, Debian's ``kwin-wayland``) on a private
    session bus: ``--virtual`` (no GPU, no seat), its screen locker on (it owns
    ``org.freedesktop.ScreenSaver``, as in a Plasma session), no global shortcuts.

    Two things make it start here:

    - Debian installs ``kwin_wayland`` with the file capability ``cap_sys_resource=ep``; where
      the capability bounding set lacks it (containers, CI), executing it fails with EPERM. A
      copy carries no capability (cp copies no extended attributes) and KWin runs without it.
    - ``KWIN_WAYLAND_NO_PERMISSION_CHECKS=1``: KWin offers its fake-input protocol only to
      programs whose .desktop file asks for it; the test's input client has none.

    KWin runs as root (unlike sway, it does not refuse to); ``KWIN_COMPOSE=Q`` composites with
    QPainter, not llvmpipe OpenGL, which spares a shared CI machine's CPU."""
    installed = shutil.which("kwin_wayland")
    if installed is None:
        raise RuntimeError("kwin_wayland is not installed; ./dev.sh test installs kwin-wayland")
    with session_bus() as address:
        runtime = Path(tempfile.mkdtemp(prefix="loosen-kwin-"))
        runtime.chmod(0o700)
        binary = runtime / "kwin_wayland"
        shutil.copyfile(installed, binary)
        binary.chmod(0o755)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(runtime),
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_CONFIG_HOME": str(runtime / "config"),
            "DBUS_SESSION_BUS_ADDRESS": address,
            "KWIN_WAYLAND_NO_PERMISSION_CHECKS": "1",
            "KWIN_COMPOSE": "Q",
        }
        command = [str(binary), "--virtual", "--no-global-shortcuts", "--no-kactivities"]
        log = open(runtime / "kwin.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [*command, "--socket", "wayland-0"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        client = {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "wayland-0"}
        try:
            deadline = time.monotonic() + 60
            while not (
                (runtime / "wayland-0").exists()
                and _offers(client, "ext_idle_notifier_v1")
                and _bus_has(address, "org.freedesktop.ScreenSaver")
            ):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (runtime / "kwin.log").read_text()[-800:]
                    raise RuntimeError(f"kwin_wayland did not start: {tail}")
                time.sleep(0.1)
            yield KWin(client, address, runtime)
        finally:
            _stop(proc)
            log.close()
            shutil.rmtree(runtime, ignore_errors=True)


FAKE_INPUT = "org_kde_kwin_fake_input"
#: org_kde_kwin_fake_input requests: authenticate(application, reason), pointer_motion(dx, dy)
#: (fixed-point 24.8), keyboard_key(evdev code, state) (version 4)
AUTHENTICATE, POINTER_MOTION, KEYBOARD_KEY = 0, 1, 10


class KWinInput:
    """A user at a KDE desktop: key presses and pointer motion through KWin's own fake-input
    protocol (``org_kde_kwin_fake_input``, what KDE Connect and Plasma's virtual keyboard use),
    which KWin handles as input from a device of its own: it resets the idle timers."""

    def __init__(self, conn: Any, device: int) -> None:
        self.conn = conn
        self.device = device

    @classmethod
    async def start(cls, env: dict[str, str]) -> KWinInput:
        from loosen.adapters.wayland import Connection, pack_string

        conn = await Connection.open(env)
        if conn.globals.get(FAKE_INPUT, ("", 0))[1] < 4:
            conn.close()
            raise RuntimeError(f"KWin offers no {FAKE_INPUT} version 4 to this client")
        device = conn.bind(FAKE_INPUT, 4, lambda opcode, data: None)
        text = pack_string("loosen tests") + pack_string("a user at the keyboard")
        conn.send(device, AUTHENTICATE, text)
        await conn.roundtrip()
        return cls(conn, device)

    async def key(self, code: int = KEY_A) -> None:
        import struct

        for state in (1, 0):  # pressed, released
            self.conn.send(self.device, KEYBOARD_KEY, struct.pack("=II", code, state))
        await self.conn.roundtrip()

    async def move(self, dx: float = 3.0, dy: float = 2.0) -> None:
        import struct

        fixed = struct.pack("=ii", int(dx * 256), int(dy * 256))
        self.conn.send(self.device, POINTER_MOTION, fixed)
        await self.conn.roundtrip()

    def close(self) -> None:
        self.conn.close()
