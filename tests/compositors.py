"""Real Wayland compositors for tests: headless Mutter (GNOME) on a private session bus, with input
through Mutter's own RemoteDesktop API."""

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
