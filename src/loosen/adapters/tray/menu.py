"""The tray's menu: ``com.canonical.dbusmenu`` at ``/MenuBar`` (what panels read to draw it).

The host reads the tree with ``GetLayout``, sends ``Event(id, "clicked", ...)`` when an item is
chosen, and is told ``LayoutUpdated`` when items appear or go, ``ItemsPropertiesUpdated`` when
only a label or an enabled flag changed. Nothing is sent for the Today line alone: it changes
every minute; ``AboutToShow`` (sent by hosts as they open the menu) says when it is stale.

(No ``from __future__ import annotations``: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from dbus_fast import Variant
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal

from loosen.adapters.tray.dbus_types import (
    Bool,
    Events,
    GroupProps,
    Int,
    Ints,
    IntUInt,
    Layout,
    PropsUpdate,
    Str,
    Strs,
    TwoIntLists,
    UInt,
    UIntInt,
    Var,
)
from loosen.adapters.tray.view import TODAY, Item, flatten, structure

PATH = "/MenuBar"


def _variants(props: dict[str, Any]) -> dict[str, Variant]:
    out = {}
    for k, v in props.items():
        out[k] = Variant("b" if isinstance(v, bool) else "s", v)
    return out


def _layout(item: Item, depth: int, names: list[str]) -> list[Any]:
    props = {k: v for k, v in item.props.items() if not names or k in names}
    children = (
        []
        if depth == 0
        else [Variant("(ia{sv}av)", _layout(c, depth - 1, names)) for c in item.children]
    )
    return [item.id, _variants(props), children]


def _find(item: Item, ident: int) -> Item | None:
    if item.id == ident:
        return item
    for c in item.children:
        found = _find(c, ident)
        if found is not None:
            return found
    return None


def _without_today(flat: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {k: ({**v, "label": ""} if k == TODAY else v) for k, v in flat.items()}


class DBusMenu(ServiceInterface):
    def __init__(self, root: Item, on_click: Callable[[int], Coroutine[Any, Any, None]]) -> None:
        super().__init__("com.canonical.dbusmenu")
        self.root = root
        self.revision = 1
        self.sent_today = self._today_label()
        self.on_click = on_click
        self.events: list[tuple[int, str]] = []  # what hosts sent (for `loosen doctor` and tests)
        self._tasks: set[asyncio.Task[None]] = set()

    def _today_label(self) -> str:
        found = _find(self.root, TODAY)
        return str(found.props.get("label", "")) if found else ""

    def update(self, root: Item) -> str:
        """Use a new tree; tell the hosts what changed. Returns "layout", "properties" or ""."""
        old = self.root
        self.root = root
        if structure(old) != structure(root):
            self.revision += 1
            self.sent_today = self._today_label()
            self.LayoutUpdated(self.revision, 0)
            return "layout"
        before, after = _without_today(flatten(old)), _without_today(flatten(root))
        changed = [i for i, props in after.items() if before.get(i) != props]
        if not changed:
            return ""
        full = flatten(root)
        updated = []
        removed = []
        for i in changed:
            updated.append([i, _variants(full[i])])
            gone = [k for k in before.get(i, {}) if k not in full[i]]
            if gone:
                removed.append([i, gone])
        self.revision += 1
        self.sent_today = self._today_label()
        self.ItemsPropertiesUpdated(updated, removed)
        return "properties"

    # -- the interface -----------------------------------------------------------------------
    @dbus_property(access=PropertyAccess.READ)
    def Version(self) -> UInt:
        return 3

    @dbus_property(access=PropertyAccess.READ)
    def TextDirection(self) -> Str:
        return "ltr"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return "normal"

    @dbus_property(access=PropertyAccess.READ)
    def IconThemePath(self) -> Strs:
        return []

    @method()
    def GetLayout(self, parent_id: Int, recursion_depth: Int, property_names: Strs) -> Layout:
        item = _find(self.root, parent_id) or self.root
        depth = 1_000 if recursion_depth < 0 else recursion_depth
        self.sent_today = self._today_label()
        return [self.revision, _layout(item, depth, list(property_names))]

    @method()
    def GetGroupProperties(self, ids: Ints, property_names: Strs) -> GroupProps:
        flat = flatten(self.root)
        wanted = ids or list(flat)
        out = []
        for i in wanted:
            if i in flat:
                props = {
                    k: v for k, v in flat[i].items() if not property_names or k in property_names
                }
                out.append([i, _variants(props)])
        return out

    @method()
    def GetProperty(self, id: Int, name: Str) -> Var:
        props = flatten(self.root).get(id, {})
        value = props.get(name, "")
        return Variant("b" if isinstance(value, bool) else "s", value)

    @method()
    def Event(self, id: Int, event_id: Str, data: Var, timestamp: UInt) -> None:
        self._event(id, event_id)

    @method()
    def EventGroup(self, events: Events) -> Ints:
        known = flatten(self.root)
        for ident, event_id, _, _ in events:
            self._event(ident, event_id)
        return [e[0] for e in events if e[0] not in known]

    @method()
    def AboutToShow(self, id: Int) -> Bool:
        return self._today_label() != self.sent_today

    @method()
    def AboutToShowGroup(self, ids: Ints) -> TwoIntLists:
        stale = self._today_label() != self.sent_today
        return [[0] if stale else [], []]

    @signal()
    def ItemsPropertiesUpdated(self, updated: Any, removed: Any) -> PropsUpdate:
        return [updated, removed]

    @signal()
    def LayoutUpdated(self, revision: int, parent: int) -> UIntInt:
        return [revision, parent]

    @signal()
    def ItemActivationRequested(self, id: int, timestamp: int) -> IntUInt:
        return [id, timestamp]

    def _event(self, ident: int, event_id: str) -> None:
        self.events.append((ident, event_id))
        if event_id != "clicked":
            return
        task = asyncio.get_running_loop().create_task(self.on_click(ident))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
