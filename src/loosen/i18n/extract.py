"""Babel extractors of our own (``babel.cfg`` names them): Python with click's help texts, the
TOML content, and the web pages' HTML. Used only when the template is extracted, never at run
time. Each yields Babel's ``(lineno, funcname, message, comments)``.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import tomllib
from collections.abc import Collection, Iterator, Mapping
from html.parser import HTMLParser
from typing import IO, Any

Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]

_CLICK_DECORATORS = ("command", "group")
_CLICK_TEXT_KEYWORDS = ("help", "short_help", "epilog")


def _decorated_by_click(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for dec in node.decorator_list:
        func = dec.func if isinstance(dec, ast.Call) else dec
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _CLICK_DECORATORS:
            return True
    return False


def click_texts(source: str) -> Iterator[tuple[int, str]]:
    """The help texts click shows: command docstrings and ``help=``/``epilog=`` arguments."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _decorated_by_click(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, doc.partition("\f")[0].rstrip()
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if (
                    kw.arg in _CLICK_TEXT_KEYWORDS
                    and isinstance(kw.value, ast.Constant)
                    and isinstance(kw.value.value, str)
                    and kw.value.value.strip()
                ):
                    yield kw.value.lineno, inspect.cleandoc(kw.value.value)


def extract_python(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """Babel's Python extractor, plus click's help texts (translated when shown)."""
    from babel.messages.extract import extract_python as babel_python

    data = fileobj.read()
    found: Iterator[Any] = babel_python(io.BytesIO(data), keywords, comment_tags, options)  # type: ignore[arg-type]
    yield from found
    for lineno, text in click_texts(data.decode("utf-8")):
        yield lineno, None, text, ["command-line help (click)"]


# -- TOML content -----------------------------------------------------------------------------

MOVE_TEXT = (
    ("name", "the move's name, at most 60 characters"),
    ("cue", "the short line shown big during the move, at most 70 characters"),
    ("targets", "a muscle or body part the move works"),
    ("steps", "one step of how to do it: a short instruction"),
    ("feel", "what the user may feel"),
    ("mistakes", "a common mistake"),
    ("easier", "an easier version"),
    ("harder", "a harder version"),
    ("caution", "who should skip the move, and why"),
)
ROUTINE_TEXT = (
    ("name", "the routine's name, at most 60 characters"),
    ("summary", "one or two sentences about the routine"),
)


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def header(self, name: str) -> int:
        for i, line in enumerate(self.lines):
            if line.strip() == f"[{name}]":
                return i
        return 0

    def find(self, value: str, start: int) -> int:
        needle = json.dumps(value, ensure_ascii=False)[1:-1][:40]
        for i in range(start, len(self.lines)):
            if needle in self.lines[i]:
                return i + 1
        return start + 1


def _texts(
    table: Mapping[str, Any], fields: tuple[tuple[str, str], ...]
) -> Iterator[tuple[str, str, str]]:
    for key, what in fields:
        value = table.get(key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and v.strip():
                yield key, what, v


def content_texts(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, text, comment) for every text of a move library or routine file."""
    data = tomllib.loads(text)
    lines = _Lines(text)
    if isinstance(data.get("moves"), dict):  # the move library
        for move_id, spec in data["moves"].items():
            start = lines.header(f"moves.{move_id}")
            for key, what, value in _texts(spec, MOVE_TEXT):
                yield lines.find(value, start), value, f"move {move_id}, {key}: {what}"
        return
    for key, what, value in _texts(data, ROUTINE_TEXT):
        yield lines.find(value, 0), value, f"routine, {key}: {what}"
    for move_id, spec in (data.get("custom_moves") or {}).items():
        start = lines.header(f"custom_moves.{move_id}")
        for key, what, value in _texts(spec, MOVE_TEXT):
            yield lines.find(value, start), value, f"move {move_id}, {key}: {what}"


def extract_toml(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """The texts of ``moves.toml`` and ``routines/*.toml`` (translated when a file is loaded)."""
    for lineno, value, comment in content_texts(fileobj.read().decode("utf-8")):
        yield lineno, None, value, [comment]


# -- HTML pages -------------------------------------------------------------------------------

#: attributes whose values are text for people
HTML_ATTRS = ("title", "alt", "aria-label", "placeholder")
#: inline elements a message may keep (the web app rebuilds them, with no attributes)
INLINE = ("code", "strong", "em", "kbd", "b", "i")
_SKIP = ("script", "style", "code", "kbd", "pre", "svg")
_VOID = ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def squash(text: str) -> str:
    return " ".join(text.split())


def _wordy(text: str) -> bool:
    return any(c.isalpha() for c in text)


class HtmlTexts(HTMLParser):
    """Every text a page shows, as ``static/js/i18n.js`` finds it in the document.

    A text node is one message; an element marked ``data-i18n`` is one message made of its
    text and inline elements (``<code>`` etc., written without their attributes). Nothing inside
    ``translate="no"``, code, scripts or styles is a message. ``title``, ``alt``, ``aria-label``
    and ``placeholder`` attributes are messages of their own.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._stack: list[str] = []
        self._skip_depth: int | None = None
        self._whole: list[str] | None = None
        self._whole_depth = 0
        self._whole_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        line = self.getpos()[0]
        if self._skip_depth is None and self._whole is None:
            for name in HTML_ATTRS:
                value = a.get(name)
                if value and _wordy(value) and a.get("translate") != "no":
                    self.found.append((line, squash(value), f"{tag} {name}"))
        if tag in _VOID:
            return
        self._stack.append(tag)
        if self._whole is not None:
            if tag not in INLINE:
                raise ValueError(f"line {line}: <{tag}> inside a data-i18n element")
            self._whole.append(f"<{tag}>")
            return
        if self._skip_depth is None and (tag in _SKIP or a.get("translate") == "no"):
            self._skip_depth = len(self._stack)
        elif self._skip_depth is None and "data-i18n" in a:
            self._whole, self._whole_depth, self._whole_line = [], len(self._stack), line

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self._stack:
            return
        depth = len(self._stack)
        self._stack.pop()
        if self._whole is not None:
            if depth == self._whole_depth:
                text = squash("".join(self._whole))
                if _wordy(text):
                    self.found.append((self._whole_line, text, "text with markup"))
                self._whole = None
            else:
                self._whole.append(f"</{tag}>")
        elif self._skip_depth is not None and depth == self._skip_depth:
            self._skip_depth = None

    def handle_data(self, data: str) -> None:
        if self._whole is not None:
            self._whole.append(_escape(data))
        elif self._skip_depth is None and _wordy(data):
            self.found.append((self.getpos()[0], squash(data), ""))


def html_texts(text: str) -> list[tuple[int, str, str]]:
    parser = HtmlTexts()
    parser.feed(text)
    parser.close()
    return parser.found


def extract_html(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """The texts of a web page (translated in the browser by ``static/js/i18n.js``)."""
    for lineno, value, comment in html_texts(fileobj.read().decode("utf-8")):
        yield lineno, None, value, [f"web page: {comment}"] if comment else ["web page"]
