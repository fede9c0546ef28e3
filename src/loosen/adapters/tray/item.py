"""The tray icon itself: ``org.kde.StatusNotifierItem`` at ``/StatusNotifierItem``.

Its properties come from a :class:`~loosen.adapters.tray.view.TrayView`; ``show`` sends the
``New*`` signals only for what changed, so a host reads back only what it must redraw.
``Activate`` (a left click on most panels) opens the dashboard; the menu is at ``/MenuBar``.

(No ``from __future__ import annotations``: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from collections.abc import Callable

from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal

from loosen.adapters.tray.dbus_types import Bool, Int, ObjectPath, Pixmaps, Str, ToolTip, TwoStrs
from loosen.adapters.tray.icon import pixmaps
from loosen.adapters.tray.menu import PATH as MENU_PATH
from loosen.adapters.tray.view import TrayView

PATH = "/StatusNotifierItem"
INTERFACE = "org.kde.StatusNotifierItem"


class StatusNotifierItem(ServiceInterface):
    def __init__(self, view: TrayView, on_activate: Callable[[], None]) -> None:
        super().__init__(INTERFACE)
        self.view = view
        self.on_activate = on_activate
        self.activations = 0

    def show(self, view: TrayView) -> list[str]:
        """Use a new view; emit what changed; the names of the signals sent."""
        old, self.view = self.view, view
        sent = []
        if (old.state, old.fill) != (view.state, view.fill):
            self.NewIcon()
            sent.append("NewIcon")
        if (old.title, old.detail) != (view.title, view.detail):
            self.NewToolTip()
            sent.append("NewToolTip")
        if old.label != view.label:
            self.NewTitle()
            self.XAyatanaNewLabel(view.label, self._guide())
            sent += ["NewTitle", "XAyatanaNewLabel"]
        if old.status != view.status:
            self.NewStatus(view.status)
            sent.append("NewStatus")
        return sent

    def _guide(self) -> str:
        return "000 min" if self.view.label else ""

    @dbus_property(access=PropertyAccess.READ)
    def Category(self) -> Str:
        return "ApplicationStatus"

    @dbus_property(access=PropertyAccess.READ)
    def Id(self) -> Str:
        return "loosen"

    @dbus_property(access=PropertyAccess.READ)
    def Title(self) -> Str:
        return f"loosen · {self.view.label}" if self.view.label else "loosen"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return self.view.status

    @dbus_property(access=PropertyAccess.READ)
    def WindowId(self) -> Int:
        return 0

    @dbus_property(access=PropertyAccess.READ)
    def IconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconThemePath(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconPixmap(self) -> Pixmaps:
        return [list(p) for p in pixmaps(self.view.state, self.view.fill)]

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconPixmap(self) -> Pixmaps:
        return [list(p) for p in pixmaps(self.view.state, self.view.fill)]

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconPixmap(self) -> Pixmaps:
        return []

    @dbus_property(access=PropertyAccess.READ)
    def AttentionMovieName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def ToolTip(self) -> ToolTip:
        return ["", [], self.view.title, self.view.detail]

    @dbus_property(access=PropertyAccess.READ)
    def ItemIsMenu(self) -> Bool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def Menu(self) -> ObjectPath:
        return MENU_PATH

    @dbus_property(access=PropertyAccess.READ)
    def XAyatanaLabel(self) -> Str:
        return self.view.label

    @dbus_property(access=PropertyAccess.READ)
    def XAyatanaLabelGuide(self) -> Str:
        return self._guide()

    @method()
    def Activate(self, x: Int, y: Int) -> None:
        self.activations += 1
        self.on_activate()

    @method()
    def SecondaryActivate(self, x: Int, y: Int) -> None:
        return None

    @method()
    def ContextMenu(self, x: Int, y: Int) -> None:
        return None  # the host shows the menu from /MenuBar

    @method()
    def Scroll(self, delta: Int, orientation: Str) -> None:
        return None

    @signal()
    def NewTitle(self) -> None:
        return None

    @signal()
    def NewIcon(self) -> None:
        return None

    @signal()
    def NewAttentionIcon(self) -> None:
        return None

    @signal()
    def NewToolTip(self) -> None:
        return None

    @signal()
    def NewStatus(self, status: str) -> Str:
        return status

    @signal()
    def XAyatanaNewLabel(self, label: str, guide: str) -> TwoStrs:
        return [label, guide]
