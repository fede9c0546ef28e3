"""Text from users' files is never allowed to drive the terminal.

A routine file or settings value could hold terminal escape codes (``ESC ] 0 ; title BEL`` sets
the window title; others move the cursor, hide text, or worse) or Unicode direction overrides
that make a line read differently from what it holds. Validation refuses them (``first_control``)
and whatever reaches a terminal anyway, a file name say, is shown escaped (``visible``).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def first_control(text: str) -> str | None:
    """The first character of ``text`` that is not allowed in it, or None."""
    m = CONTROL.search(text)
    return m[0] if m else None


def name_of(ch: str) -> str:
    """``"\\x1b"`` -> ``"U+001B (escape)"``."""
    names = {
        "\x1b": "escape",
        "\x07": "bell",
        "\x00": "NUL",
        "\r": "carriage return",
        "\n": "line break",
        "\t": "tab",
    }
    code = f"U+{ord(ch):04X}"
    if ch in names:
        return f"{code} ({names[ch]})"
    if "\u202a" <= ch <= "\u2069":
        return f"{code} (a text-direction override)"
    return f"{code} (a control character)"


def _escape(m: re.Match[str]) -> str:
    c = ord(m[0])
    return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), safe to print."""
    return CONTROL.sub(_escape, text)


def visible_line(text: str) -> str:
    """As ``visible``, for text that must stay on one line (newlines and tabs escaped too)."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")
