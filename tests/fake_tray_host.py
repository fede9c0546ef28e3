"""A panel's tray for tests: an org.kde.StatusNotifierWatcher with a host registered, and the
calls a panel makes to an item (properties, the dbusmenu layout, clicks), over dbus-fast.

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast import Message, MessageType, Variant
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


class Watcher(ServiceInterface):
    def __init__(self) -> None:
        super().__init__(WATCHER)
        self.items: list[str] = []
        self.host = True

    @method()
    def RegisterStatusNotifierItem(self, service: "s") -> None:
        self.items.append(service)
        self.StatusNotifierItemRegistered(service)

    @method()
    def RegisterStatusNotifierHost(self, service: "s") -> None:
        self.host = True

    @dbus_property(access=PropertyAccess.READ)
    def RegisteredStatusNotifierItems(self) -> "as":
        return self.items

    @dbus_property(access=PropertyAccess.READ)
    def IsStatusNotifierHostRegistered(self) -> "b":
        return self.host

    @dbus_property(access=PropertyAccess.READ)
    def ProtocolVersion(self) -> "i":
        return 0

    @signal()
    def StatusNotifierItemRegistered(self, service: str) -> "s":
        return service


class Panel:
    """A watcher on a connection of its own, and what a panel asks of a registered item."""

    def __init__(self, bus: Any, watcher: Watcher) -> None:
        self.bus = bus
        self.watcher = watcher
        self.signals: list[tuple[str, str]] = []  # (interface, member) the item sent
        bus.add_message_handler(self._on_message)

    def _on_message(self, msg: Any) -> None:
        if msg.message_type == MessageType.SIGNAL and msg.interface in (ITEM, MENU):
            self.signals.append((msg.interface, msg.member))

    async def listen(self) -> None:
        for iface in (ITEM, MENU):
            await self._call(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "AddMatch",
                "s",
                [f"type='signal',interface='{iface}'"],
            )

    async def _call(
        self, dest: str, path: str, iface: str, member: str, sig: str = "", body: Any = None
    ) -> Any:
        reply = await self.bus.call(
            Message(
                destination=dest,
                path=path,
                interface=iface,
                member=member,
                signature=sig,
                body=body or [],
            )
        )
        if reply.message_type == MessageType.ERROR:
            raise AssertionError(f"{member}: {reply.error_name} {reply.body}")
        return reply.body

    @property
    def item(self) -> str:
        return self.watcher.items[-1]

    async def properties(self) -> dict[str, Any]:
        (props,) = await self._call(
            self.item,
            "/StatusNotifierItem",
            "org.freedesktop.DBus.Properties",
            "GetAll",
            "s",
            [ITEM],
        )
        return {k: v.value for k, v in props.items()}

    async def layout(self) -> tuple[int, dict[str, Any]]:
        """The menu as a panel reads it: (revision, {label: {id, props, children}})."""
        menu = (await self.properties())["Menu"]
        revision, root = await self._call(self.item, menu, MENU, "GetLayout", "iias", [0, -1, []])
        return revision, tree(root)

    async def click(self, ident: int) -> None:
        menu = (await self.properties())["Menu"]
        await self._call(
            self.item, menu, MENU, "Event", "isvu", [ident, "clicked", Variant("s", ""), 0]
        )

    async def about_to_show(self) -> bool:
        menu = (await self.properties())["Menu"]
        (need,) = await self._call(self.item, menu, MENU, "AboutToShow", "i", [0])
        return bool(need)

    async def activate(self) -> None:
        await self._call(self.item, "/StatusNotifierItem", ITEM, "Activate", "ii", [0, 0])


def tree(node: Any) -> dict[str, Any]:
    ident, props, children = node
    out: dict[str, Any] = {
        "id": ident,
        "props": {k: v.value for k, v in props.items()},
        "children": {},
    }
    for c in children:
        child = tree(c.value)
        out["children"][child["props"].get("label", f"#{child['id']}")] = child
    return out


async def serve(address: str) -> Panel:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    watcher = Watcher()
    bus.export("/StatusNotifierWatcher", watcher)
    panel = Panel(bus, watcher)
    await panel.listen()
    await bus.request_name(WATCHER)
    return panel
