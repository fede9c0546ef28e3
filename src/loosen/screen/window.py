"""The break screen's windows: one per monitor, drawn from the model's :class:`View`.

The primary monitor gets the figure (left) and the words and buttons (right), a progress line and
the keys; every other monitor a calm, darker screen with the same countdown. The windows are made
withdrawn and shown (full screen, on top) only when the service says so: it waits for a second
without typing first, so the screen never takes the keyboard in the middle of a word.
"""

from __future__ import annotations

import contextlib
import tkinter as tk
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from tkinter import font as tkfont
from typing import Any

from loosen.adapters.monitors import Monitor
from loosen.screen.figure import Box, draw
from loosen.screen.model import View

BG = "#12161c"
BG_OTHER = "#0b0e12"
TEXT = "#e9eef3"
MUTED = "#8a97a5"
ACCENT = "#7cc4ad"
SIDE = "#e8b86b"
TRACK = "#232a33"
BUTTON = "#242c36"
BUTTON_HOVER = "#303a46"
PRIMARY_BUTTON = "#5fb39a"
PRIMARY_HOVER = "#71c4ab"
FAMILY = "DejaVu Sans"


@dataclass
class _Text:
    item: int
    colour: str
    gap: float  # space above, in units (a hundredth of the window's height)


class Screen:
    """The windows on every monitor; ``render(view)`` draws a view on all of them."""

    def __init__(
        self,
        root: tk.Tk,
        monitors: Sequence[Monitor],
        on_button: Callable[[str], None],
        on_key: Callable[[str], None],
    ) -> None:
        self.root = root
        self.on_button = on_button
        self.monitors = list(monitors)
        self.windows: list[tk.Toplevel] = []
        self.canvases: list[tk.Canvas] = []
        self._buttons: tuple[tuple[str, str], ...] = ()
        self._button_widgets: list[tk.Button] = []
        self._button_window: int | None = None
        self.shown = False
        for i, m in enumerate(self.monitors):
            win = tk.Toplevel(root, bg=BG if i == 0 else BG_OTHER)
            win.withdraw()
            win.title("loosen: break")
            win.geometry(f"{m.width}x{m.height}+{m.x}+{m.y}")
            canvas = tk.Canvas(
                win,
                width=m.width,
                height=m.height,
                bg=BG if i == 0 else BG_OTHER,
                highlightthickness=0,
                bd=0,
            )
            canvas.pack(fill="both", expand=True)
            for key in ("Escape", "Return", "space", "Right"):
                win.bind(f"<KeyPress-{key}>", _key_handler(on_key, key))
            win.protocol("WM_DELETE_WINDOW", lambda: on_key("Escape"))
            self.windows.append(win)
            self.canvases.append(canvas)
        m = self.monitors[0]
        self.unit = m.height / 100
        self.fonts: dict[str, tkfont.Font] = {}
        self._primary(m)
        for i, other in enumerate(self.monitors[1:], 1):
            self._other(self.canvases[i], other)

    def font(self, size: float, bold: bool = False, unit: float | None = None) -> tkfont.Font:
        px = -max(10, round(size * (unit or self.unit)))
        key = f"{px}{bold}"
        if key not in self.fonts:
            self.fonts[key] = tkfont.Font(
                self.root, family=FAMILY, size=px, weight="bold" if bold else "normal"
            )
        return self.fonts[key]

    # -- layout ------------------------------------------------------------------------------------
    def _primary(self, m: Monitor) -> None:
        c, u, w, h = self.canvases[0], self.unit, m.width, m.height
        self.figure_box = Box(w * 0.03, h * 0.08, w * 0.48, h * 0.76)
        self.column_x = w * 0.54
        self.column_w = w * 0.40
        spec = {  # name: (size, bold, colour, gap above)
            "over": (2.4, False, MUTED, 0.0),
            "title": (5.6, True, TEXT, 1.2),
            "side": (3.2, True, SIDE, 0.8),
            "countdown": (15.0, True, TEXT, 1.0),
            "detail": (2.5, False, MUTED, 1.0),
            "coming": (2.9, False, ACCENT, 2.0),
        }
        self.texts: dict[str, _Text] = {}
        for name, (size, bold, colour, gap) in spec.items():
            item = c.create_text(
                self.column_x,
                0,
                anchor="nw",
                text="",
                fill=colour,
                font=self.font(size, bold),
                width=self.column_w,
            )
            self.texts[name] = _Text(item, colour, gap)
        self.track = c.create_line(
            w * 0.06, h * 0.905, w * 0.94, h * 0.905, fill=TRACK, width=u * 0.6
        )
        self.bar = c.create_line(
            w * 0.06, h * 0.905, w * 0.06, h * 0.905, fill=ACCENT, width=u * 0.6, capstyle="round"
        )
        self.hint = c.create_text(
            w / 2, h * 0.955, anchor="center", text="", fill=MUTED, font=self.font(1.9)
        )
        self.row = tk.Frame(c, bg=BG)
        self._button_window = c.create_window(self.column_x, 0, anchor="nw", window=self.row)

    def _other(self, c: tk.Canvas, m: Monitor) -> None:
        u = m.height / 100
        line = c.create_text(
            m.width / 2, m.height * 0.40, text="", fill=MUTED, font=self.font(3.4, unit=u)
        )
        count = c.create_text(
            m.width / 2, m.height * 0.54, text="", fill="#b8c3ce", font=self.font(13, True, unit=u)
        )
        c.addtag_withtag("other-line", line)
        c.addtag_withtag("other-count", count)

    # -- showing -----------------------------------------------------------------------------------
    def show(self) -> None:
        """Map every window full screen and on top; the primary takes the keyboard focus.

        No keyboard grab, even in strict mode: with Tk's global grab the windows stopped
        receiving keys (Xvfb and openbox), which would take away the emergency way out, and a
        grab held by a screen that hangs would lock the user out of the desktop."""
        if self.shown:
            return
        self.shown = True
        for win in self.windows:
            win.deiconify()
        self.root.update_idletasks()
        for win in self.windows:
            with contextlib.suppress(tk.TclError):  # no EWMH: the geometry covers the monitor
                win.attributes("-fullscreen", True)
                win.attributes("-topmost", True)
        primary = self.windows[0]
        primary.lift()
        primary.focus_force()

    def button_boxes(self) -> dict[str, list[int]]:
        """Each button's centre on the screen (root coordinates), for logs and tests."""
        self.root.update_idletasks()
        return {
            bid: [b.winfo_rootx() + b.winfo_width() // 2, b.winfo_rooty() + b.winfo_height() // 2]
            for (bid, _), b in zip(self._buttons, self._button_widgets, strict=True)
        }

    # -- drawing -----------------------------------------------------------------------------------
    def render(self, view: View) -> None:
        c = self.canvases[0]
        values = {
            "over": view.over,
            "title": view.title,
            "side": view.side,
            "countdown": view.countdown,
            "detail": view.detail,
            "coming": view.coming,
        }
        for name, text in values.items():
            t = self.texts[name]
            if _text(c, t.item) != text:
                c.itemconfigure(t.item, text=text)
            c.itemconfigure(t.item, fill=MUTED if view.paused and name == "countdown" else t.colour)
        self._layout()
        self._set_buttons(view.buttons)
        if view.pose is not None:
            draw(c, self.figure_box, view.pose, view.props)
        else:
            c.delete("figure")
        m = self.monitors[0]
        x0, x1 = m.width * 0.06, m.width * 0.94
        c.coords(self.bar, x0, m.height * 0.905, x0 + (x1 - x0) * view.progress, m.height * 0.905)
        c.itemconfigure(self.bar, state="hidden" if view.progress <= 0 else "normal")
        c.itemconfigure(self.track, state="hidden" if view.phase == "prompt" else "normal")
        c.itemconfigure(self.hint, text=view.hint)
        for other in self.canvases[1:]:
            other.itemconfigure("other-line", text=view.secondary)
            other.itemconfigure("other-count", text=view.countdown)

    def _layout(self) -> None:
        """Stack the words of the right column, centred on the figure's height."""
        c, u = self.canvases[0], self.unit
        heights = []
        for t in self.texts.values():
            box = c.bbox(t.item)
            has = bool(_text(c, t.item))
            heights.append(((box[3] - box[1]) if (box and has) else 0, t.gap * u if has else 0))
        row_h = self.row.winfo_reqheight()
        total = sum(h + g for h, g in heights) + 3.5 * u + row_h
        m = self.monitors[0]
        y = max(m.height * 0.08, m.height * 0.47 - total / 2)
        for t, (h, g) in zip(self.texts.values(), heights, strict=True):
            y += g
            c.coords(t.item, self.column_x, y)
            y += h
        if self._button_window is not None:
            c.coords(self._button_window, self.column_x, y + 3.5 * u)

    def _set_buttons(self, buttons: tuple[tuple[str, str], ...]) -> None:
        if buttons == self._buttons:
            return
        for b in self._button_widgets:
            b.destroy()
        self._button_widgets = []
        self._buttons = buttons
        for bid, label in buttons:
            main = bid in ("start", "close")
            bg, hover = (PRIMARY_BUTTON, PRIMARY_HOVER) if main else (BUTTON, BUTTON_HOVER)
            b = tk.Button(
                self.row,
                text=label,
                command=_button_handler(self.on_button, bid),
                font=self.font(2.5, main),
                bg=bg,
                fg="#0f1419" if main else TEXT,
                activebackground=hover,
                activeforeground="#0f1419" if main else TEXT,
                relief="flat",
                bd=0,
                highlightthickness=0,
                padx=round(2.6 * self.unit),
                pady=round(1.1 * self.unit),
                cursor="hand2",
                takefocus=0,
            )
            b.pack(side="left", padx=(0, round(1.4 * self.unit)))
            b.bind("<Enter>", _colour(b, hover))
            b.bind("<Leave>", _colour(b, bg))
            self._button_widgets.append(b)
        self.row.update_idletasks()


def _key_handler(on_key: Callable[[str], None], key: str) -> Callable[[Any], None]:
    def handle(event: Any) -> None:
        on_key(key)

    return handle


def _button_handler(on_button: Callable[[str], None], button: str) -> Callable[[], None]:
    return lambda: on_button(button)


def _colour(widget: tk.Button, colour: str) -> Callable[[Any], None]:
    def set_colour(event: Any) -> None:
        widget.configure(bg=colour)

    return set_colour


def _text(canvas: tk.Canvas, item: int) -> str:
    return str(canvas.itemcget(item, "text"))  # type: ignore[no-untyped-call]


def one_monitor(root: tk.Tk) -> list[Monitor]:
    """The whole screen as one monitor (no RandR here)."""
    return [Monitor(0, 0, root.winfo_screenwidth(), root.winfo_screenheight(), True)]


def find_monitors(root: tk.Tk) -> list[Monitor]:
    """The monitors RandR knows, else the whole screen as one."""
    found: list[Monitor] | None = None
    try:
        from loosen.adapters.monitors import monitors
        from loosen.adapters.xlib import XDisplay, XError

        display: Any = None
        try:
            display = XDisplay(root.winfo_screen())
            found = monitors(display)
        except XError:
            found = None
        finally:
            if display is not None:
                display.close()
    except OSError:  # pragma: no cover (no libX11 at all: not an X11 desktop)
        found = None
    return found or one_monitor(root)
