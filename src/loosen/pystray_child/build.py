"""What pystray is given, made from the service's ``show`` line: the icon's picture (the same
ARGB32 pixmaps the StatusNotifierItem sends, ``adapters/tray/icon.py``, as a PIL image), the
tooltip and the menu (the same items as the D-Bus menu, ``adapters/tray/view.py``; their words
come from the service, none are written here).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast, get_args

from loosen.adapters.tray.icon import State, pixmaps

if TYPE_CHECKING:
    from PIL.Image import Image

TOOLTIP_MAX = 127  # Windows keeps 128 characters of a tray icon's tip, with the closing NUL


def state(name: object) -> State:
    """One of the icon's pictures (an unknown name, from a newer service: sitting)."""
    return cast(State, name) if name in get_args(State) else "sitting"


def picture(state: State, fill: float, *, opaque: bool = False) -> Image:
    """The largest of the icon's pixmaps (48 px; the backends scale it to the tray's size). With
    ``opaque`` (pystray's xorg backend, which drops the alpha channel) it is put on black first,
    so its edges stay clean."""
    from PIL import Image as PILImage

    width, height, argb = pixmaps(state, fill)[-1]
    image = PILImage.frombytes("RGBA", (width, height), argb, "raw", "ARGB")
    if opaque:
        black = PILImage.new("RGBA", image.size, (0, 0, 0, 255))
        image = PILImage.alpha_composite(black, image).convert("RGB")
    return image


def tooltip(title: str, detail: str) -> str:
    text = f"{title}\n{detail}" if detail else title
    return text if len(text) <= TOOLTIP_MAX else text[: TOOLTIP_MAX - 1] + "…"


def _chosen(choose: Callable[[int], None], ident: int, icon: Any, item: Any) -> None:
    choose(ident)


def menu(
    pystray: Any, tree: dict[str, Any], choose: Callable[[int], None], default: int | None
) -> Any:
    """A ``pystray.Menu`` of the tree's items; choosing one calls ``choose(id)``. The item
    ``default`` is what a click on the icon does where the backend has such a click (Windows,
    xorg)."""

    def items(nodes: list[dict[str, Any]]) -> Iterator[Any]:
        for node in nodes:
            props = node.get("props") or {}
            if props.get("type") == "separator":
                yield pystray.Menu.SEPARATOR
                continue
            if props.get("visible", True) is False:
                continue
            ident = int(node["id"])
            action: Any
            if props.get("children-display") == "submenu":
                action = pystray.Menu(*items(node.get("children") or []))
            else:
                # a partial, not a lambda: pystray counts a function's arguments
                action = functools.partial(_chosen, choose, ident)
            yield pystray.MenuItem(
                str(props.get("label", "")),
                action,
                enabled=props.get("enabled", True) is not False,
                default=ident == default,
            )

    return pystray.Menu(*items(tree.get("children") or []))
