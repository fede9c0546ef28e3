"""The pystray tray process: ``python -m loosen.pystray_child``, started by the service for as
long as it runs (``service/tray_child.py``).

JSON lines, one object a line: the service writes to its standard input, it answers on its
standard output (nothing else is ever printed there).

From the service:

* ``{"type": "show", "picture": STATE, "fill": F, "title": TEXT, "detail": TEXT, "menu": TREE,
  "activate": ID}``: what to show now (the first line, and each change after it); ``menu`` is
  ``adapters/tray/view.tree`` of the menu, ``activate`` the item a click on the icon chooses;
* ``{"type": "quit"}``, or the end of its input (the service stopped, or died): remove the icon
  and exit.

To the service:

* ``{"type": "ready", "backend": NAME, "menu": B}`` once the icon is shown (pystray's backend:
  ``darwin``, ``win32``, ``appindicator``, ``gtk`` or ``xorg``; ``menu`` false for ``xorg``,
  which has only the click);
* ``{"type": "clicked", "id": ID}``: the user chose that menu item (or clicked the icon);
* ``{"type": "error", "message": TEXT}``: pystray cannot show an icon here (then it exits 1).

pystray's loop must run on the main thread (macOS insists), so the service's lines are read by
pystray's setup thread, and each change is handed to the main thread where the toolkit wants it:
AppKit only from the main thread (``PyObjCTools.AppHelper.callAfter``); Windows' menu under a
lock, as pystray rebuilds it after each click on its own thread; xorg's calls pystray already
sends to its loop.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from loosen.pystray_child import build

_out = threading.Lock()


def send(message: dict[str, Any]) -> None:
    with _out:
        try:
            sys.stdout.write(json.dumps(message, ensure_ascii=True) + "\n")
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):  # the service is gone: its input ends too
            pass


def parse(line: bytes) -> dict[str, Any]:
    try:
        message = json.loads(line)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}


def warn(text: str) -> None:
    """A line for the service's log (its standard error; there may be none on Windows)."""
    with contextlib.suppress(Exception):
        sys.stderr.write(f"loosen tray: {text}\n")
        sys.stderr.flush()


def backend_name(icon_class: type) -> str:
    return icon_class.__module__.rsplit(".", 1)[-1].lstrip("_")


def xorg_fixes(icon: Any) -> None:
    """Two things pystray 0.19.5's xorg backend gets wrong, put right from outside:

    * it never asks the X server for button presses on its window, so a click on the icon does
      nothing (pystray issue 151): ask for them;
    * its loop names its thread only after it has let the setup thread go, and the setup
      thread's calls need that name: name it first (the loop runs on this, the main, thread).
    """
    import Xlib.X

    window = getattr(icon, "_window", None)
    if window is None:
        return
    window.change_attributes(
        event_mask=Xlib.X.ExposureMask | Xlib.X.StructureNotifyMask | Xlib.X.ButtonPressMask
    )
    icon._display.flush()
    icon._thread = threading.main_thread()


def menu_bar_only() -> None:
    """macOS: an icon in the menu bar, and none in the Dock or the app switcher."""
    try:
        import AppKit  # type: ignore[import-not-found,unused-ignore]

        app = AppKit.NSApplication.sharedApplication()
        app.setActivationPolicy_(AppKit.NSApplicationActivationPolicyAccessory)
    except Exception as exc:  # noqa: BLE001 (a Dock icon is better than no tray icon)
        warn(f"could not keep out of the Dock: {exc!r}")


class Child:
    def __init__(self, pystray: Any, first: dict[str, Any]) -> None:
        self.pystray = pystray
        self.backend = backend_name(pystray.Icon)
        self.opaque = self.backend == "xorg"  # it drops the alpha channel
        self.shown: dict[str, Any] = {}
        self.stopping = False
        self.icon = pystray.Icon("loosen", **self._parts(first))
        self.shown = first
        self.ui = self._ui_thread()
        if self.backend == "xorg":
            xorg_fixes(self.icon)

    def _ui_thread(self) -> Callable[[Callable[[], None]], None]:
        if self.backend == "darwin":
            from PyObjCTools.AppHelper import callAfter

            menu_bar_only()
            return lambda work: callAfter(work)
        if self.backend == "win32":
            lock = threading.RLock()
            rebuild = self.icon.update_menu

            def update_menu() -> None:
                with lock:
                    rebuild()

            self.icon.update_menu = update_menu

            def locked(work: Callable[[], None]) -> None:
                with lock:
                    work()

            return locked
        return lambda work: work()

    def _parts(self, message: dict[str, Any], old: dict[str, Any] | None = None) -> dict[str, Any]:
        """What changed since ``old`` (everything without it), as pystray.Icon's arguments."""
        old = old or {}
        parts: dict[str, Any] = {}  # in this order: the picture last, once the menu is there
        tree = message.get("menu") or {}
        if tree != old.get("menu") or message.get("activate") != old.get("activate"):
            parts["menu"] = build.menu(self.pystray, tree, self.chosen, message.get("activate"))
        tip = build.tooltip(str(message.get("title", "")), str(message.get("detail", "")))
        if not old or tip != build.tooltip(str(old.get("title")), str(old.get("detail"))):
            parts["title"] = tip
        state = message.get("picture")
        fill = float(message.get("fill") or 0.0)
        if (state, fill) != (old.get("picture"), old.get("fill")):
            parts["icon"] = build.picture(build.state(state), fill, opaque=self.opaque)
        return parts

    def chosen(self, ident: int) -> None:
        send({"type": "clicked", "id": ident})

    def apply(self, message: dict[str, Any]) -> None:
        """Show ``message`` (on the toolkit's thread)."""
        for name, value in self._parts(message, self.shown).items():
            setattr(self.icon, name, value)
        self.shown = message

    def run(self) -> int:
        try:
            self.icon.run(self._setup)
        except Exception as exc:
            if not self.stopping:
                raise
            # pystray's gtk and appindicator backends hide a notification as they stop, and
            # fail when no notification server is there: the icon is gone all the same
            warn(f"while removing the icon: {exc!r}")
        return 0

    def _setup(self, icon: Any) -> None:
        """pystray's setup thread: show the icon, then follow the service's lines until they
        end (whatever happens to the icon: the child must go when the service does)."""
        try:
            self.ui(self._show)
            send({"type": "ready", "backend": self.backend, "menu": bool(icon.HAS_MENU)})
            for line in sys.stdin.buffer:
                message = parse(line)
                if message.get("type") == "show":
                    self.ui(functools.partial(self._apply_logged, message))
                elif message.get("type") == "quit":
                    break
        except Exception as exc:  # noqa: BLE001 (said, and the icon goes)
            warn(f"the icon failed: {exc!r}")
        finally:
            self.stopping = True
            try:
                self.ui(icon.stop)
            except Exception as exc:  # noqa: BLE001 (the loop cannot be stopped: leave at once)
                warn(f"the icon could not be removed: {exc!r}")
                os._exit(1)

    def _show(self) -> None:
        self.icon.visible = True

    def _apply_logged(self, message: dict[str, Any]) -> None:
        try:
            self.apply(message)
        except Exception as exc:  # noqa: BLE001 (one bad update must not take the icon away)
            warn(f"could not show an update: {exc!r}")


def probe() -> int:
    """``--probe``: can pystray show an icon here, and with which backend? (`loosen doctor`.)"""
    from importlib.metadata import version

    try:
        import pystray
    except Exception as exc:  # noqa: BLE001 (not installed, or on Linux no X display)
        send({"ok": False, "problem": f"{type(exc).__name__}: {exc}".strip()})
        return 1
    send(
        {
            "ok": True,
            "version": version("pystray"),
            "backend": backend_name(pystray.Icon),
            "menu": bool(pystray.Icon.HAS_MENU),
        }
    )
    return 0


def main() -> int:
    if sys.argv[1:] == ["--probe"]:
        return probe()
    line = sys.stdin.buffer.readline()
    if not line:
        return 0  # the service went away before it said anything
    first = parse(line)
    try:
        import pystray
    except Exception as exc:  # noqa: BLE001 (not installed, or on Linux no X display)
        send({"type": "error", "message": f"pystray cannot be used: {type(exc).__name__}: {exc}"})
        return 1
    try:
        child = Child(pystray, first)
    except Exception as exc:  # noqa: BLE001 (no tray to show an icon in)
        send({"type": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    return child.run()
