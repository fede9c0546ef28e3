"""Strict decoding of user files that reports every problem at once.

msgspec decodes strictly but stops at the first error. :func:`check` walks a msgspec ``Struct``
type (via :mod:`msgspec.inspect`) over the raw TOML data and collects a :class:`Problem` for every
unknown key (with "did you mean"), missing key, wrong type and out-of-range value, each naming the
file, the path to the field (``moves[3].seconds``), the value found and the form expected. Only when
there is none does :func:`decode` hand the data to ``msgspec.convert``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from loosen.errors import FileProblemsError, Problem
from loosen.i18n import _
from loosen.safetext import first_control, name_of, visible_line
from loosen.values import CLOCK_TIME_PATTERN, LANGUAGE_TAG_PATTERN, ROUTINE_ID_MAX

T = TypeVar("T")

BOM = "\ufeff"
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(
    path: Path, label: str, error: Callable[[list[Problem]], FileProblemsError]
) -> dict[str, Any]:
    """Read and parse a TOML file; every failure becomes one ``Problem`` naming the file."""
    return parse_toml(read_text(path, label, error), label, error)


def read_text(path: Path, label: str, error: Callable[[list[Problem]], FileProblemsError]) -> str:
    """A user file's text; a missing, unreadable or non-UTF-8 file is one ``Problem``."""
    try:
        return strip_bom(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise error([Problem(label, "", _("The file does not exist."))]) from None
    except IsADirectoryError:
        raise error([Problem(label, "", _("This is a folder, not a file."))]) from None
    except UnicodeDecodeError:
        raise error([Problem(label, "", _("The file is not UTF-8 text."))]) from None
    except OSError as exc:
        raise error(
            [
                Problem(
                    label, "", _("The file cannot be read (%(reason)s).") % {"reason": exc.strerror}
                )
            ]
        ) from None


def strip_bom(text: str) -> str:
    """``text`` without a leading UTF-8 byte-order mark (Windows editors such as Notepad write
    one; it carries nothing, and TOML parsers refuse it as an unexpected character)."""
    return text[1:] if text.startswith(BOM) else text


def parse_toml(
    text: str, label: str, error: Callable[[list[Problem]], FileProblemsError]
) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise error(
            [Problem(label, "", _("This is not valid TOML: it is nested too deeply."))]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        reason = _TOML_POS.sub("", msg).strip().rstrip(".")
        if m:
            where = f"line {m.group(1)}, column {m.group(2)}"
            raise error(
                [
                    Problem(
                        label, where, _("This is not valid TOML: %(reason)s.") % {"reason": reason}
                    )
                ]
            ) from None
        raise error(
            [Problem(label, "", _("This is not valid TOML: %(reason)s.") % {"reason": reason})]
        ) from None


def show(value: object) -> str:
    """A short TOML-ish rendering of a value for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # quoted, one line, nothing a terminal would act on
        return '"' + visible_line(value if len(value) <= 40 else value[:37] + "...") + '"'
    if isinstance(value, datetime | date | time):  # as TOML writes it, not Python's repr
        kind = "date-time" if isinstance(value, datetime) else type(value).__name__
        return f"{value.isoformat()} (a TOML {kind}, not text in quotes)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _bounds(t: Any, unit: str) -> str:
    parts = []
    if t.gt is not None:
        parts.append(_("greater than %(n)s") % {"n": f"{t.gt:g}"})
    if t.ge is not None:
        parts.append(_("at least %(n)s") % {"n": f"{t.ge:g}"})
    if t.lt is not None:
        parts.append(_("less than %(n)s") % {"n": f"{t.lt:g}"})
    if t.le is not None:
        parts.append(_("at most %(n)s") % {"n": f"{t.le:g}"})
    if not parts:
        return unit
    bounds = (" " + _("and") + " ").join(parts)
    return _("%(unit)s %(bounds)s") % {"unit": unit, "bounds": bounds}


def describe(t: mi.Type) -> str:
    """The expected form of a value, in words."""
    if isinstance(t, mi.UnionType):
        alternatives = [describe(x) for x in t.types if not isinstance(x, mi.NoneType)]
        return (" " + _("or") + " ").join(alternatives)
    if isinstance(t, mi.BoolType):
        return _("true or false")
    if isinstance(t, mi.IntType):
        return _bounds(t, _("a whole number"))
    if isinstance(t, mi.FloatType):
        return _bounds(t, _("a number"))
    if isinstance(t, mi.StrType):
        if t.pattern is not None:
            if t.pattern == CLOCK_TIME_PATTERN:
                return _('a 24-hour time in quotes, like "09:00"')
            if t.pattern == LANGUAGE_TAG_PATTERN:
                return _('a language, like "de" or "pt_BR"')
            return _("an id of lowercase letters, digits and hyphens (at most %(n)s)") % {
                "n": ROUTINE_ID_MAX
            }
        if t.min_length and t.max_length:
            return _("text of %(min)s to %(max)s characters") % {
                "min": t.min_length,
                "max": t.max_length,
            }
        if t.max_length:
            return _("text of at most %(n)s characters") % {"n": t.max_length}
        if t.min_length:
            return _("non-empty text")
        return _("text")
    if isinstance(t, mi.LiteralType):
        values = ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in t.values)
        return _("one of %(values)s") % {"values": values}
    if isinstance(t, mi.ListType):
        return _("a list of %(items)s") % {"items": describe(t.item_type)}
    if isinstance(t, mi.StructType | mi.DictType):
        return _("a table")
    return _("a valid value")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    key = visible_line(key)
    return f"{path}.{key}" if path else key


def _walk(value: object, t: mi.Type, path: str, label: str, out: list[Problem]) -> None:
    if isinstance(t, mi.UnionType):
        non_none = [x for x in t.types if not isinstance(x, mi.NoneType)]
        if len(non_none) == 1 and not isinstance(non_none[0], mi.StructType | mi.ListType):
            t = non_none[0]
    if isinstance(t, mi.StructType):
        if not isinstance(value, dict):
            out.append(
                Problem(
                    label,
                    path or "(top)",
                    _("Found %(value)s; expected a table.") % {"value": show(value)},
                )
            )
            return
        fields = {f.encode_name: f for f in t.fields}
        for key in value:
            if key not in fields:
                guess = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
                hint = " " + _('Did you mean "%(name)s"?') % {"name": guess[0]} if guess else ""
                known = ", ".join(fields)
                out.append(
                    Problem(
                        label,
                        _join(path, key),
                        _("Unknown key.%(hint)s Known keys: %(known)s.")
                        % {"hint": hint, "known": known},
                    )
                )
        for name, f in fields.items():
            if name in value:
                _walk(value[name], f.type, _join(path, name), label, out)
            elif f.required:
                out.append(
                    Problem(
                        label,
                        _join(path, name),
                        _("Missing; expected %(expected)s.") % {"expected": describe(f.type)},
                    )
                )
        return
    if isinstance(t, mi.ListType):
        if not isinstance(value, list):
            out.append(
                Problem(
                    label,
                    path,
                    _("Found %(value)s; expected %(expected)s.")
                    % {"value": show(value), "expected": describe(t)},
                )
            )
            return
        if t.min_length is not None and len(value) < t.min_length:
            out.append(
                Problem(
                    label,
                    path,
                    _("Has %(count)s entries; expected at least %(n)s.")
                    % {"count": len(value), "n": t.min_length},
                )
            )
        if t.max_length is not None and len(value) > t.max_length:
            out.append(
                Problem(
                    label,
                    path,
                    _("Has %(count)s entries; expected at most %(n)s.")
                    % {"count": len(value), "n": t.max_length},
                )
            )
        for i, item in enumerate(value):
            _walk(item, t.item_type, _join(path, i), label, out)
        return
    if isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            out.append(
                Problem(
                    label, path, _("Found %(value)s; expected a table.") % {"value": show(value)}
                )
            )
            return
        for key, item in value.items():
            pattern = t.key_type.pattern if isinstance(t.key_type, mi.StrType) else None
            if pattern is not None and not re.fullmatch(pattern, str(key)):
                out.append(
                    Problem(
                        label,
                        _join(path, key),
                        _('The name "%(name)s" is not valid; expected %(expected)s.')
                        % {"name": visible_line(str(key)), "expected": describe(t.key_type)},
                    )
                )
            _walk(item, t.value_type, _join(path, key), label, out)
        return
    # a leaf: let msgspec decide, strictly; text never holds terminal control codes
    bad = first_control(value) if isinstance(value, str) else None
    if bad is not None:
        out.append(
            Problem(
                label,
                path,
                _(
                    "Found %(value)s, which holds %(what)s; text may not hold control "
                    "characters (they can change what a terminal shows)."
                )
                % {"value": show(value), "what": name_of(bad)},
            )
        )
        return
    try:
        msgspec.convert(value, _leaf_type(t), strict=True)
    except (msgspec.ValidationError, TypeError):
        out.append(
            Problem(
                label,
                path,
                _("Found %(value)s; expected %(expected)s.")
                % {"value": show(value), "expected": describe(t)},
            )
        )


def _leaf_type(t: mi.Type) -> Any:
    """Rebuild a Python type with msgspec constraints from a leaf type-info."""
    from typing import Annotated, Literal, Union

    if isinstance(t, mi.UnionType):
        return Union[tuple(_leaf_type(x) for x in t.types)]  # noqa: UP007
    if isinstance(t, mi.NoneType):
        return type(None)
    if isinstance(t, mi.BoolType):
        return bool
    if isinstance(t, mi.IntType | mi.FloatType):
        base = int if isinstance(t, mi.IntType) else float
        bounds: dict[str, Any] = {"gt": t.gt, "ge": t.ge, "lt": t.lt, "le": t.le}
        meta = msgspec.Meta(**{k: v for k, v in bounds.items() if v is not None})
        return Annotated[base, meta]
    if isinstance(t, mi.StrType):
        return Annotated[
            str, msgspec.Meta(min_length=t.min_length, max_length=t.max_length, pattern=t.pattern)
        ]
    if isinstance(t, mi.LiteralType):
        return Literal[t.values]
    return Any


def check(raw: object, cls: type[Any], label: str) -> list[Problem]:
    """Every problem of ``raw`` against the msgspec type ``cls``."""
    out: list[Problem] = []
    _walk(raw, mi.type_info(cls), "", label, out)
    return out


def decode(
    raw: object,
    cls: type[T],
    label: str,
    error: Callable[[list[Problem]], FileProblemsError],
) -> T:
    problems = check(raw, cls, label)
    if problems:
        raise error(problems)
    return msgspec.convert(raw, cls, strict=True)
