"""What the tray shows, worked out from the runner's ``status()``: the icon, its tooltip and label,
and the menu. Plain data, no D-Bus: the item and the menu only publish it.

Two views are compared to send a host only what changed (the Today line is left out of that
comparison: it changes every minute, and the host asks for the menu when it opens it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from loosen.adapters.tray.icon import State, quantize
from loosen.i18n import _, ngettext
from loosen.i18n.formats import time_of_day, weekday_and_time

#: Menu item ids (0 is the root); a routine's item is ROUTINE_BASE + its place in the list.
TAKE_BREAK, ROUTINES, SNOOZE, MOVED, PAUSE, RESUME, BREAK_DONE = 1, 2, 3, 4, 5, 6, 7
PAUSE_30, PAUSE_60, PAUSE_TOMORROW = 51, 52, 53
DASHBOARD, TODAY, QUIT = 8, 9, 10
SEPARATORS = (90, 91)
ROUTINE_BASE = 100


@dataclass(frozen=True)
class Item:
    id: int
    props: dict[str, Any]
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class TrayView:
    state: State
    fill: float
    title: str  # the tooltip's first line
    detail: str  # its second line ("" for none)
    label: str  # minutes beside the icon, "" when the setting is off
    status: str  # "Active" or "NeedsAttention"
    menu: Item = field(compare=False)
    today: str = field(compare=False)


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def hours_minutes(seconds: int) -> str:
    """3 h 10, 42 min."""
    mins = max(0, seconds) // 60
    if mins >= 60:
        return _("%(hours)s h %(minutes)s") % {"hours": mins // 60, "minutes": f"{mins % 60:02d}"}
    return _("%(minutes)s min") % {"minutes": mins}


def today_line(status: dict[str, Any]) -> str:
    t = status.get("today") or {}
    n = int(t.get("breaks_taken", 0))
    return ngettext(
        "Today: %(sitting)s sitting, %(n)s break", "Today: %(sitting)s sitting, %(n)s breaks", n
    ) % {"sitting": hours_minutes(int(t.get("sitting_seconds", 0))), "n": n}


def state_of(status: dict[str, Any]) -> State:
    if status.get("paused_until"):
        return "paused"
    if status.get("prompt_open"):
        return "due"
    if status.get("busy_now") and status.get("mode") == "sitting":
        return "busy"
    if not (status.get("activity") or {}).get("visible", True):
        return "unseen"
    return "sitting"


def fill_of(status: dict[str, Any]) -> float:
    start, nxt, now = (
        _at(status.get("bout_started_at")),
        _at(status.get("next_break_at")),
        _at(status.get("now")),
    )
    if status.get("mode") != "sitting" or not (start and nxt and now) or nxt <= start:
        return 0.0
    return quantize((now - start) / (nxt - start))


def texts(status: dict[str, Any], local: Any) -> tuple[str, str]:
    """The tooltip: "Sitting for 42 min · next break 15:10", and a second line where one helps."""
    mode = status.get("mode")
    sat = int(status.get("sitting_seconds", 0)) // 60
    nxt = _at(status.get("next_break_at"))
    paused = _at(status.get("paused_until"))
    busy = status.get("busy_now")
    if paused is not None:
        title = _("Paused until %(when)s") % {"when": weekday_and_time(local(paused))}
    elif mode == "on-break":
        title = _("On a break")
    elif mode == "sitting" and nxt:
        title = _("Sitting for %(minutes)s min · next break %(time)s") % {
            "minutes": sat,
            "time": time_of_day(local(nxt)),
        }
    elif mode == "sitting":
        title = _("Sitting for %(minutes)s min") % {"minutes": sat}
    elif mode == "locked":
        title = _("Screen locked: away")
    else:
        title = _("Away from the desk") if mode == "away" else _("Starting")
    detail = ""
    if status.get("prompt_open"):
        detail = _("A movement break is due.")
    elif busy and mode == "sitting":
        what = busy.get("title") or (_("a call") if busy.get("kind") == "call" else _("a meeting"))
        detail = _("In %(what)s until %(time)s: no break now.") % {
            "what": what,
            "time": time_of_day(local(_at(busy["until"]))),
        }
    elif not (status.get("activity") or {}).get("visible", True):
        detail = _(
            "Activity cannot be seen here (`loosen doctor` says why): loosen runs as a timer."
        )
    return title, detail


def _item(id: int, label: str, *, enabled: bool = True, visible: bool = True) -> Item:
    props: dict[str, Any] = {"label": label}
    if not enabled:
        props["enabled"] = False
    if not visible:
        props["visible"] = False
    return Item(id, props)


def _separator(id: int) -> Item:
    return Item(id, {"type": "separator"})


def menu(
    status: dict[str, Any], routines: list[tuple[str, str]], snooze_minutes: int, today: str
) -> Item:
    mode = status.get("mode")
    paused = bool(status.get("paused_until"))
    on_break = mode == "on-break"
    can_snooze = (
        bool(status.get("prompt_open")) and int(status.get("snoozes_left", 0)) > 0 and not paused
    )
    pause = Item(
        PAUSE,
        {
            "label": _("Pause"),
            "children-display": "submenu",
            **({"visible": False} if paused else {}),
        },
        (
            _item(PAUSE_30, _("%(minutes)s min") % {"minutes": 30}),
            _item(PAUSE_60, _("%(hours)s h") % {"hours": 1}),
            _item(PAUSE_TOMORROW, _("Until tomorrow")),
        ),
    )
    start = Item(
        ROUTINES,
        {"label": _("Start routine"), "children-display": "submenu"},
        tuple(_item(ROUTINE_BASE + i, title) for i, (_, title) in enumerate(routines)),
    )
    return Item(
        0,
        {"children-display": "submenu"},
        (
            _item(TAKE_BREAK, _("Take a break now"), enabled=not on_break),
            start,
            _item(
                SNOOZE,
                _("Snooze %(minutes)s min") % {"minutes": snooze_minutes},
                enabled=can_snooze,
            ),
            _item(MOVED, _("I just moved"), enabled=not on_break),
            _item(BREAK_DONE, _("Break done"), visible=on_break),
            pause,
            _item(RESUME, _("Resume"), visible=paused),
            _separator(SEPARATORS[0]),
            _item(DASHBOARD, _("Open dashboard")),
            _item(TODAY, today, enabled=False),
            _separator(SEPARATORS[1]),
            _item(QUIT, _("Quit loosen")),
        ),
    )


def view(
    status: dict[str, Any],
    *,
    routines: list[tuple[str, str]],
    snooze_minutes: int = 5,
    show_minutes: bool = False,
    local: Any = lambda d: d.astimezone(),
) -> TrayView:
    title, detail = texts(status, local)
    state = state_of(status)
    label = ""
    if show_minutes and status.get("mode") == "sitting":
        label = f"{int(status.get('sitting_seconds', 0)) // 60} min"
    today = today_line(status)
    return TrayView(
        state=state,
        fill=fill_of(status) if state == "sitting" else 0.0,
        title=title,
        detail=detail,
        label=label,
        status="NeedsAttention" if state == "due" else "Active",
        menu=menu(status, routines, snooze_minutes, today),
        today=today,
    )


def flatten(item: Item) -> dict[int, dict[str, Any]]:
    """Every item's properties by id (for finding what changed)."""
    out = {item.id: item.props}
    for child in item.children:
        out.update(flatten(child))
    return out


def structure(item: Item) -> tuple[Any, ...]:
    return (item.id, tuple(structure(c) for c in item.children))


def tree(item: Item) -> dict[str, Any]:
    """The menu as plain data (JSON), for the pystray child (``service/tray_child.py``)."""
    return {"id": item.id, "props": item.props, "children": [tree(c) for c in item.children]}
