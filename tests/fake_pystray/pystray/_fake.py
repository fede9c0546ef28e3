"""A pystray backend for tests: what the icon shows goes to the file ``FAKE_TRAY_SHOWN``
(a JSON line each time it changes); the FIFO ``FAKE_TRAY_CONTROL`` takes what a user does:

* ``click LABEL`` or ``click LABEL>SUBLABEL``: choose that menu item, as pystray's backends do
  (the item's action, then ``update_menu``);
* ``activate``: a click on the icon itself (the default item);
* ``crash``: the process dies at once (exit status 3).
"""

import json
import os
import select

from pystray import _base


def _menu(menu):
    out = []
    for item in menu or ():
        if item is _base.Menu.SEPARATOR:
            out.append("-")
            continue
        entry = {"text": item.text, "enabled": item.enabled, "default": item.default}
        if item.submenu is not None:
            entry["submenu"] = _menu(item.submenu)
        out.append(entry)
    return out


class Icon(_base.Icon):
    HAS_MENU = True
    HAS_DEFAULT_ACTION = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wake_r, self._wake_w = os.pipe()
        self._stopped = False

    def _record(self, what):
        image = self.icon
        state = {
            "what": what,
            "visible": self.visible,
            "title": self.title,
            "image": [image.mode, *image.size, list(image.getpixel((image.size[0] // 2, 2)))]
            if image is not None
            else None,
            "menu": _menu(self.menu),
        }
        with open(os.environ["FAKE_TRAY_SHOWN"], "a") as f:
            f.write(json.dumps(state) + "\n")

    def _show(self):
        self._visible = True
        self._record("show")

    def _hide(self):
        self._record("hide")

    def _update_icon(self):
        self._icon_valid = True
        self._record("icon")

    def _update_title(self):
        self._record("title")

    def _update_menu(self):
        self._record("menu")

    def _find(self, path):
        menu = self.menu
        item = None
        for label in path.split(">"):
            item = next(i for i in menu if i is not _base.Menu.SEPARATOR and i.text == label)
            menu = item.submenu
        return item

    def _run(self):
        self._mark_ready()
        control = os.open(os.environ["FAKE_TRAY_CONTROL"], os.O_RDWR)
        pending = b""
        while not self._stopped:
            ready, _, _ = select.select([control, self._wake_r], [], [])
            if self._wake_r in ready:
                break
            pending += os.read(control, 4096)
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                command, _, arg = line.decode().partition(" ")
                if command == "click":
                    self._handler(self._find(arg))()
                elif command == "activate":
                    self()
                elif command == "crash":
                    os._exit(3)
        os.close(control)
        self._record("stopped")

    def _stop(self):
        self._stopped = True
        os.write(self._wake_w, b"x")
