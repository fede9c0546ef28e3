"""Idle on Wayland compositors other than GNOME: ``ext-idle-notify-v1`` (wlroots 0.16 and later:
sway 1.8+; KWin 5.27+; Hyprland; niri), else KDE's older ``org_kde_kwin_idle``
(wlroots up to 0.16, sway 1.7), whichever the compositor's registry offers, through our own
wire-protocol client (``adapters/wayland.py``).

Both protocols only say "idle for T ms" (``idled``/``idle``) and "input again" (``resumed``) for
a notification object created with a timeout T; neither tells the idle time itself. So:

- a threshold to watch (``idle_at``) is a notification with that timeout, kept across armings while
  the threshold stays the same (its timer restarts at each input, like an XSync alarm on the idle
  counter); one made while the user is already idle gets the rest of the way as its timeout;
- the idle time is known from the notifications that have ``idled`` (their timeout plus the time
  since, plus the idle time when they were made); while none has, it is reported as 0, which means
  "input within the shortest timeout armed"; the notification that idled last is kept, so its
  ``resumed`` tells the return even when the service did not ask for it.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from loosen.adapters.wayland import Connection, WaylandError
from loosen.i18n import _

EXT, KDE = "ext_idle_notifier_v1", "org_kde_kwin_idle"
IDLED, RESUMED = 0, 1  # both protocols' events
DESTROY = 0  # ext_idle_notification_v1.destroy, org_kde_kwin_idle_timeout.release
RETURN_MS = 1000  # a notification made only to see the user come back
RETURN = -1
SEAT_RELEASE, SEAT_RELEASE_SINCE = 3, 5  # wl_seat.release, from version 5


@dataclass(slots=True)
class _Note:
    obj: int
    threshold: int  # the idle time it stands for (ms), or RETURN
    timeout: int  # what it was made with (ms)
    base: int  # the idle time when it was made (ms), until the next input
    idled_at: float | None = None


def compositor_name(environ: Mapping[str, str]) -> str:
    if environ.get("SWAYSOCK"):
        return "sway"
    if environ.get("HYPRLAND_INSTANCE_SIGNATURE"):
        return "Hyprland"
    return environ.get("XDG_CURRENT_DESKTOP", "") or "the Wayland compositor"


class WaylandIdleSource:
    name = "wayland"

    def __init__(self, conn: Connection, protocol: str, manager: int) -> None:
        self._conn = conn
        self.protocol = protocol
        self._seat = 0  # kept bound only where wl_seat.release does not exist (version < 5)
        self._manager = manager
        self._notes: dict[int, _Note] = {}
        self._want: int | None = None
        self._on_input = False
        self._fire: Callable[[], None] | None = None
        self._loop: Any = None
        self.can_watch = True
        conn.on_gone = self._fired  # wake the service: it then finds the compositor gone

    @classmethod
    async def connect(cls, environ: Mapping[str, str]) -> WaylandIdleSource:
        conn = await Connection.open(environ)
        try:
            protocol = next((p for p in (EXT, KDE) if p in conn.globals), None)
            if protocol is None:
                raise WaylandError(
                    _("the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle")
                )
            if "wl_seat" not in conn.globals:
                raise WaylandError(_("the compositor offers no seat"))
            manager = conn.bind(protocol, 1, lambda opcode, data: None)
            await conn.roundtrip()
        except Exception:
            conn.close()
            raise
        return cls(conn, protocol, manager)

    @property
    def mechanism(self) -> str:
        return "ext-idle-notify-v1" if self.protocol == EXT else "org_kde_kwin_idle"

    # -- notifications -----------------------------------------------------------------------------
    def _make(self, threshold: int, timeout: int, base: int) -> _Note:
        """A notification; the seat is bound for the request and released after it, because
        a bound seat hears of every keyboard or pointer that comes and goes (wtype makes one
        per run: four wake-ups a second while it types)."""
        timeout = max(int(timeout), 1)
        seat, release = self._seat, False
        if not seat:
            version = min(self._conn.globals.get("wl_seat", ("", 1))[1], SEAT_RELEASE_SINCE)
            seat = self._conn.bind("wl_seat", version, lambda opcode, data: None)
            release = version >= SEAT_RELEASE_SINCE
            if not release:
                self._seat = seat
        obj = self._conn.new_id(lambda opcode, data: self._event(obj, opcode))
        if self.protocol == EXT:  # get_idle_notification(id, timeout, seat)
            self._conn.send(self._manager, 1, struct.pack("=III", obj, timeout, seat))
        else:  # get_idle_timeout(id, seat, timeout)
            self._conn.send(self._manager, 0, struct.pack("=III", obj, seat, timeout))
        if release:
            self._conn.send(seat, SEAT_RELEASE)
        note = _Note(obj, threshold, timeout, base)
        self._notes[obj] = note
        return note

    def _drop(self, note: _Note) -> None:
        self._notes.pop(note.obj, None)
        self._conn.send(note.obj, DESTROY)

    def _event(self, obj: int, opcode: int) -> None:
        note = self._notes.get(obj)
        if note is None:
            return  # destroyed; the compositor had sent this before it knew
        if opcode == IDLED:
            note.idled_at = time.monotonic()
            if self._want is not None and note.threshold == self._want:
                self._fired()
        elif opcode == RESUMED:
            self._resumed()

    def _resumed(self) -> None:
        """Input again: every timer restarted; those made mid-idle need their full timeout."""
        for note in list(self._notes.values()):
            note.idled_at = None
            if note.base and note.threshold != RETURN:
                self._drop(note)
                self._make(note.threshold, note.threshold, 0)
            else:
                note.base = 0
        if self._on_input:
            self._fired()

    def _fired(self) -> None:
        fire, self._fire = self._fire, None
        if fire is not None and self._loop is not None:
            self._loop.call_soon(fire)

    def idle_ms(self) -> int | None:
        if self._conn.gone:
            return None
        now = time.monotonic()
        return max(
            (
                n.base + n.timeout + int((now - n.idled_at) * 1000)
                for n in self._notes.values()
                if n.idled_at is not None
            ),
            default=0,
        )

    async def idle(self) -> timedelta | None:
        ms = self.idle_ms()
        return None if ms is None else timedelta(milliseconds=ms)

    async def watch(
        self, idle_at: timedelta | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        """A notification at ``idle_at`` (kept while it stays the same); the return through the
        ``resumed`` of one that has idled, or of a short one made for it."""
        import asyncio

        est = self.idle_ms()
        if est is None:
            return False
        self._loop = asyncio.get_running_loop()
        self._fire = None
        want = None if idle_at is None else max(int(idle_at.total_seconds() * 1000), 1)
        keep: set[int] = set()
        soon = False
        if want is not None:
            if want <= est:
                soon = True  # already idle that long
            else:
                same = [n for n in self._notes.values() if n.threshold == want]
                note = same[0] if same else self._make(want, want - est, est)
                keep.add(note.obj)
        idled = [n for n in self._notes.values() if n.idled_at is not None]
        if idled:  # it carries the idle time, and its "resumed" the return
            keep.add(max(idled, key=lambda n: n.base + n.timeout).obj)
        elif on_input:
            returns = [n for n in self._notes.values() if n.threshold == RETURN]
            keep.add((returns[0] if returns else self._make(RETURN, RETURN_MS, 0)).obj)
        for note in [n for n in self._notes.values() if n.obj not in keep]:
            self._drop(note)
        if self._conn.gone:
            return False
        self._want, self._on_input, self._fire = want, on_input, fire
        if soon:
            self._fired()
        return True

    async def close(self) -> None:
        self._fire = None
        for note in list(self._notes.values()):
            self._drop(note)
        self._conn.close()
