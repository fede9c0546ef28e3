"""Where a key is written in a TOML text: the line and column of a key path like ``moves[2].hold``.

``tomllib`` gives values, not positions, and the problems of :mod:`loosen.schema` name key paths.
:func:`key_positions` scans the text once and finds each table header (``[a.b]``, ``[[moves]]``,
counted so the third ``[[moves]]`` is ``moves[2]``) and each ``key = value`` line; values that span
lines (arrays, inline tables, multi-line strings) are skipped as a whole. :func:`locate` answers for
a problem's path with the nearest written ancestor: a missing key points at its table's header,
an item of an array at the array's key. Pure text work, no third-party parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_INDEX = re.compile(r"\[\d+\]\Z")

Position = tuple[int, int]  # (line, column), both from 1


def _key_parts(s: str, i: int) -> tuple[list[str], int] | None:
    """The dotted key starting at ``s[i]`` and the index just after it, or None."""
    parts: list[str] = []
    while True:
        while i < len(s) and s[i] in " \t":
            i += 1
        if i >= len(s):
            return None
        if s[i] == '"':
            j = i + 1
            buf = []
            while j < len(s) and s[j] != '"':
                if s[j] == "\\" and j + 1 < len(s):
                    j += 1
                buf.append(s[j])
                j += 1
            if j >= len(s):
                return None
            parts.append("".join(buf))
            i = j + 1
        elif s[i] == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return None
            parts.append(s[i + 1 : j])
            i = j + 1
        else:
            m = _BARE.match(s, i)
            if m is None:
                return None
            parts.append(m.group())
            i = m.end()
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return parts, i


class _Value:
    """Skips a value that may run over several lines: brackets, braces and multi-line strings."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None  # '"""' or "'''" while inside a multi-line string

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.quote is not None

    def feed(self, s: str) -> None:
        i = 0
        while i < len(s):
            if self.quote is not None:
                if self.quote == '"""' and s[i] == "\\":
                    i += 2
                    continue
                if s.startswith(self.quote, i):
                    self.quote = None
                    i += 3
                    continue
                i += 1
                continue
            c = s[i]
            if s.startswith('"""', i) or s.startswith("'''", i):
                self.quote = s[i : i + 3]
                i += 3
            elif c == '"':
                i += 1
                while i < len(s) and s[i] != '"':
                    i += 2 if s[i] == "\\" else 1
                i += 1
            elif c == "'":
                end = s.find("'", i + 1)
                i = len(s) if end < 0 else end + 1
            elif c == "#":
                return
            elif c in "[{":
                self.depth += 1
                i += 1
            elif c in "]}":
                self.depth = max(0, self.depth - 1)
                i += 1
            else:
                i += 1


def _join(parts: list[str]) -> str:
    return ".".join(parts)


def key_positions(text: str) -> dict[str, Position]:
    """Every table header and ``key = value`` of ``text``, by key path."""
    out: dict[str, Position] = {}
    table = ""  # the current table's path, e.g. "moves[1]" or "custom_moves.x.animation"
    arrays: dict[str, int] = {}  # the resolved path of each array of tables -> its last index
    value = _Value()
    for n, line in enumerate(text.splitlines(), 1):
        if value.open:
            value.feed(line)
            continue
        stripped = line.lstrip()
        col = len(line) - len(stripped) + 1
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            double = stripped.startswith("[[")
            found = _key_parts(stripped, 2 if double else 1)
            if found is None:
                continue
            parts = found[0]
            # resolve parents that are arrays of tables to their current element
            resolved = ""
            for k in parts[:-1]:
                resolved = f"{resolved}.{k}" if resolved else k
                if resolved in arrays:
                    resolved = f"{resolved}[{arrays[resolved]}]"
            base = f"{resolved}.{parts[-1]}" if resolved else parts[-1]
            if double:
                arrays[base] = arrays.get(base, -1) + 1
                table = f"{base}[{arrays[base]}]"
                out.setdefault(base, (n, col))
            else:
                table = base
            out[table] = (n, col)
            continue
        found = _key_parts(line, col - 1)
        if found is None:
            continue
        parts, after = found
        if after >= len(line) or line[after] != "=":
            continue
        path = _join(parts)
        out[f"{table}.{path}" if table else path] = (n, col)
        value.feed(line[after + 1 :])
    return out


def locate(positions: Mapping[str, Position], path: str) -> Position | None:
    """Where the key ``path`` (or its nearest written ancestor) is, or None."""
    while path:
        if path in positions:
            return positions[path]
        if _INDEX.search(path):
            path = _INDEX.sub("", path)
        elif "." in path:
            path = path.rsplit(".", 1)[0]
        else:
            return None
    return None
