"""Text measured in terminal cells: wide East Asian characters take two (a translation into
Japanese or Chinese must not push a table or a wrapped paragraph past the terminal's edge)."""

from __future__ import annotations

import re
import unicodedata

#: a break may come before any wide character, and at spaces
_TOKEN = re.compile(r"[ \u3000]+|[^ \u3000]")


def cell(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return sum(cell(c) for c in text)


def _units(text: str) -> list[str]:
    """Words (runs of narrow characters), single wide characters, and runs of spaces."""
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        after_break = not out or out[-1][-1] in " \u3000" or cell(out[-1][-1]) == 2
        if tok[0] in " \u3000" or cell(tok) == 2 or after_break:
            out.append(tok)
        else:
            out[-1] += tok
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces or between wide
    characters (a word longer than a line is cut)."""
    lines: list[str] = []
    line = ""
    for unit in _units(text):
        if unit[0] in " \u3000":
            if line and cells(line) + cells(unit) <= width:
                line += unit
            elif line:
                lines.append(line.rstrip(" \u3000"))
                line = ""
            continue
        while cells(unit) > width:  # a word longer than a line
            room = width - cells(line)
            cut, used = 0, 0
            while cut < len(unit) and used + cell(unit[cut]) <= room:
                used += cell(unit[cut])
                cut += 1
            if cut == 0:
                lines.append(line.rstrip(" \u3000"))
                line = ""
                continue
            lines.append(line + unit[:cut])
            line, unit = "", unit[cut:]
        if cells(line) + cells(unit) > width:
            lines.append(line.rstrip(" \u3000"))
            line = ""
        line += unit
    if line.strip(" \u3000") or not lines:
        lines.append(line.rstrip(" \u3000"))
    return lines
