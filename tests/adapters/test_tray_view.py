"""What the tray shows for each state, from the runner's status (plain data, no bus)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loosen.adapters.tray.icon import BLUE, GREY, ORANGE, TEAL, draw, pixmaps
from loosen.adapters.tray.view import view

T = datetime(2026, 11, 24, 9, 42, tzinfo=UTC)


def status(**changes: object) -> dict[str, object]:
    s: dict[str, object] = {
        "now": T.isoformat(),
        "mode": "sitting",
        "sitting_seconds": 42 * 60,
        "bout_started_at": (T - timedelta(minutes=42)).isoformat(),
        "next_break_at": (T + timedelta(minutes=18)).isoformat(),
        "prompt_open": False,
        "paused_until": None,
        "busy_now": None,
        "snoozes_left": 2,
        "activity": {"visible": True},
        "today": {"sitting_seconds": 3 * 3600 + 10 * 60, "breaks_taken": 2},
    }
    s.update(changes)
    return s


def show(**changes: object):  # type: ignore[no-untyped-def]
    return view(status(**changes), routines=[], local=lambda d: d)


def centre(state: str, fill: float = 0.0) -> tuple[int, ...]:
    px = draw(48, state, fill)  # type: ignore[arg-type]
    i = (24 * 48 + 24) * 4
    return tuple(px[i : i + 4])


def test_sitting_shows_the_minutes_the_next_break_and_a_fill():
    v = show()
    assert (v.state, v.title, v.detail) == ("sitting", "Sitting for 42 min · next break 10:00", "")
    assert v.fill == 0.6875  # 42 of 60 minutes, in sixteenths
    assert v.today == "Today: 3 h 10 sitting, 2 breaks"
    assert v.label == "" and view(status(), routines=[], show_minutes=True).label == "42 min"


def test_each_state_has_its_picture():
    assert (
        show(prompt_open=True).state == "due" and show(prompt_open=True).status == "NeedsAttention"
    )
    meeting = {
        "title": "Planning",
        "kind": "meeting",
        "until": (T + timedelta(minutes=20)).isoformat(),
    }
    v = show(busy_now=meeting)
    assert v.state == "busy" and v.detail == "In Planning until 10:02: no break now."
    v = show(paused_until=(T + timedelta(hours=1)).isoformat())
    assert v.state == "paused" and v.title == "Paused until Tue 10:42"
    v = show(activity={"visible": False})
    assert v.state == "unseen" and "runs as a timer" in v.detail
    assert centre("due")[1:] == (255, 255, 255)  # the arrow's stem, white on orange
    assert draw(48, "due")[(4 * 48 + 24) * 4 + 1 : (4 * 48 + 24) * 4 + 4] == bytes(ORANGE)
    assert centre("busy")[1:] == (255, 255, 255) and bytes(BLUE) in draw(48, "busy")
    assert bytes(GREY) in draw(48, "paused") and bytes(GREY) in draw(48, "unseen")


def test_the_fill_rises_from_the_bottom():
    empty, half, full = (draw(48, "sitting", f) for f in (0.0, 0.5, 1.0))
    assert centre("sitting", 0.0)[0] == 0  # inside the ring: transparent
    assert centre("sitting", 0.5)[1:] == TEAL  # the level reaches the middle
    low = (38 * 48 + 24) * 4
    assert empty[low] == 0 and half[low] == 255 and full[(10 * 48 + 24) * 4] == 255
    assert [(w, h) for w, h, _ in pixmaps("sitting", 0.5)] == [(22, 22), (32, 32), (48, 48)]


def test_the_menu_follows_the_state():
    def items(v):  # type: ignore[no-untyped-def]
        return {c.props.get("label"): c.props for c in v.menu.children}

    sitting = items(show())
    assert sitting["Snooze 5 min"]["enabled"] is False
    assert sitting["Resume"]["visible"] is False and "visible" not in sitting["Pause"]
    due = items(show(prompt_open=True))
    assert "enabled" not in due["Snooze 5 min"]
    assert items(show(prompt_open=True, snoozes_left=0))["Snooze 5 min"]["enabled"] is False
    on_break = items(show(mode="on-break"))
    assert (
        on_break["Take a break now"]["enabled"] is False and "visible" not in on_break["Break done"]
    )
