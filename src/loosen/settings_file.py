"""The settings file as the settings page edits it: what each key is, and a careful save.

:func:`fields` walks :class:`loosen.config.Settings` (through ``msgspec.inspect``, as
:mod:`loosen.schema` does) into one :class:`Field` per key: its kind of input, bounds, choices,
default and help (:mod:`loosen.settings_help`).

:func:`save` changes only the keys it is given and keeps everything else in the file as the user
wrote it: comments, blank lines, order, quoting, keys loosen does not know (``tomlkit`` edits the
document in place; it is imported only when saving, so the service does not carry it). Nothing is
written unless the whole result passes the loader the CLI uses (:func:`loosen.config.load_settings`,
environment included): the new text goes to a temporary file beside the real one (same mode),
which is loaded, then renamed over it, so a crash leaves the old file or the new one, never half
of one. A file that is not valid TOML (or cannot be read) is never rewritten: its text cannot be
kept, and the user may be in the middle of editing it; they fix it by hand.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from loosen.config import ENV_PREFIX, Settings, load_settings, settings_too_big
from loosen.errors import Problem, SettingsError
from loosen.i18n import _
from loosen.schema import BOM, check, describe, show, strip_bom
from loosen.settings_help import HELP, SECTIONS, Applies, SettingHelp
from loosen.values import CLOCK_TIME_PATTERN, ROUTINE_ID_PATTERN

Kind = Literal["bool", "int", "choice", "routine", "time", "days", "words", "text"]

NEW_FILE_HEADER = (
    "# loosen settings: every key and what it does is in docs/config.md.\n"
    "# Saved from the settings page, which keeps your own comments and layout.\n"
)

_KEY = re.compile(r"^([a-z_]+)\.([a-z_]+)")


@dataclass(frozen=True, slots=True)
class Field:
    section: str
    key: str
    kind: Kind
    default: Any
    label: str
    form: str
    meaning: str
    applies: Applies
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    max_items: int | None = None
    max_length: int | None = None
    unit: str = ""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def env(self) -> str:
        return env_name(self.section, self.key)


def env_name(section: str, key: str) -> str:
    return f"{ENV_PREFIX}{section.upper()}_{key.upper()}"


def fields() -> list[Field]:
    """Every setting, in the order of the ``Settings`` structs."""
    import msgspec
    import msgspec.inspect as mi

    defaults = msgspec.to_builtins(Settings())
    out: list[Field] = []
    top = mi.type_info(Settings)
    hints = {
        name: typing.get_type_hints(cls, include_extras=True)
        for name, cls in typing.get_type_hints(Settings).items()
    }
    assert isinstance(top, mi.StructType)
    for sec in top.fields:
        st = sec.type
        assert isinstance(st, mi.StructType)
        for f in st.fields:
            name = f"{sec.name}.{f.name}"
            h = HELP.get(name) or SettingHelp(
                f.name.replace("_", " ").capitalize(), describe(f.type), "", "restart"
            )
            unit = (
                "min" if f.name.endswith("_minutes") else "s" if f.name.endswith("_seconds") else ""
            )
            common: dict[str, Any] = {
                "section": sec.name,
                "key": f.name,
                "default": defaults[sec.name][f.name],
                "label": h.label,
                "form": h.form,
                "meaning": h.meaning,
                "applies": h.applies,
                "unit": unit,
            }
            t = f.type
            if isinstance(t, mi.BoolType):
                out.append(Field(kind="bool", **common))
            elif isinstance(t, mi.IntType):
                out.append(Field(kind="int", minimum=t.ge, maximum=t.le, **common))
            elif isinstance(t, mi.LiteralType):
                choices = _literal_values(hints[sec.name][f.name])
                out.append(Field(kind="choice", choices=choices, **common))
            elif isinstance(t, mi.StrType) and t.pattern == ROUTINE_ID_PATTERN:
                out.append(Field(kind="routine", **common))
            elif isinstance(t, mi.StrType) and t.pattern == CLOCK_TIME_PATTERN:
                out.append(Field(kind="time", **common))
            elif isinstance(t, mi.ListType) and isinstance(t.item_type, mi.LiteralType):
                days = _literal_values(hints[sec.name][f.name])
                out.append(Field(kind="days", choices=days, **common))
            elif isinstance(t, mi.ListType) and isinstance(t.item_type, mi.StrType):
                out.append(
                    Field(
                        kind="words",
                        max_items=t.max_length,
                        max_length=t.item_type.max_length,
                        **common,
                    )
                )
            else:  # pragma: no cover (a new kind of setting: shown as text until it has a form)
                out.append(Field(kind="text", **common))
    return out


def _literal_values(hint: Any) -> tuple[str, ...]:
    """The values of the ``Literal`` inside ``hint`` (``Annotated``, ``list``), in written order
    (``msgspec.inspect`` sorts them; days and choices read better as written)."""
    if typing.get_origin(hint) is Literal:
        return tuple(str(v) for v in typing.get_args(hint))
    for arg in typing.get_args(hint):
        found = _literal_values(arg)
        if found:
            return found
    return ()


def sections() -> list[tuple[str, str, str]]:
    """(id, title, intro) of each section, in order."""
    return [(name, s.title, s.intro) for name, s in SECTIONS.items()]


def setting_key(path: str) -> str | None:
    """The ``section.key`` a problem's path is about (``calendar.walking_words[2]`` is about
    ``calendar.walking_words``), or None when it is about no known setting."""
    m = _KEY.match(path)
    if m and f"{m.group(1)}.{m.group(2)}" in _known():
        return f"{m.group(1)}.{m.group(2)}"
    return None


@functools.cache
def _known() -> frozenset[str]:
    import msgspec

    defaults = msgspec.to_builtins(Settings())
    return frozenset(f"{s}.{k}" for s, keys in defaults.items() for k in keys)


# -- reading -------------------------------------------------------------------------------------
@dataclass
class FileState:
    """The settings file as it is now."""

    path: Path
    exists: bool
    text: str | None  # None when it cannot be read
    raw: dict[str, Any] | None  # None when it cannot be read or is not valid TOML
    problems: list[Problem] = field(default_factory=list)  # file and environment, as loaded
    bom: bool = False  # the file starts with a UTF-8 byte-order mark (kept when saving)

    @property
    def editable(self) -> bool:
        """Whether a save may rewrite it (it is missing, or it is readable, valid TOML)."""
        return self.raw is not None

    def value(self, section: str, key: str) -> tuple[bool, Any]:
        """(written in the file, the value written)."""
        table = (self.raw or {}).get(section)
        if isinstance(table, dict) and key in table:
            return True, table[key]
        return False, None


def _read_error(path: Path, exc: Exception) -> Problem:
    if isinstance(exc, UnicodeDecodeError):
        return Problem(str(path), "", _("The file is not UTF-8 text; loosen will not rewrite it."))
    if isinstance(exc, IsADirectoryError):
        return Problem(str(path), "", _("This is a folder, not a file."))
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Problem(str(path), "", _("The file cannot be read (%(reason)s).") % {"reason": reason})


def read_file(path: Path, environ: Mapping[str, str]) -> FileState:
    """The file's text, its values and every problem the loader finds in it (with ``environ``)."""
    if not path.exists():
        state = FileState(path, False, None, {})
    else:
        try:
            too_big = settings_too_big(path)
            if too_big is not None:
                return FileState(path, True, None, None, [too_big])
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return FileState(path, True, None, None, [_read_error(path, exc)])
        bom = text.startswith(BOM)
        text = strip_bom(text)
        try:
            raw: dict[str, Any] | None = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            raw = None  # load_settings below says where and why
        state = FileState(path, True, text, raw, bom=bom)
    try:
        load_settings(path, environ)
    except SettingsError as exc:
        state.problems = list(exc.problems)
    return state


# -- editing -------------------------------------------------------------------------------------
def edit(text: str, changes: Mapping[str, Mapping[str, Any]]) -> str:
    """``text`` with each ``changes[section][key]`` set, and everything else kept as written.

    A changed key keeps its place and its comment; a new key goes after the last key of its
    table (before the comments and blank lines that lead to the next table); a new table goes
    at the end. Line endings follow the file's.

    Where a new key lands is decided here, on the text, not left to tomlkit: tomlkit 0.15 began
    appending it after the comment that belongs to the next table. The text is then checked
    with ``tomllib``; should the insertion read back as anything but the intended values (a
    multi-line string that looks like a table header, say), tomlkit places the key instead.
    """
    import tomlkit

    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    rest: dict[str, dict[str, Any]] = {}
    for section, values in changes.items():
        for key, value in values.items():
            placed = _insert_new_key(text, section, key, value)
            if placed is None:
                rest.setdefault(section, {})[key] = value
            else:
                text = placed
    if rest:
        doc = tomlkit.parse(text)
        for section, values in rest.items():
            if section not in doc:
                doc[section] = tomlkit.table()
            table = doc[section]
            for key, value in values.items():
                table[key] = value
        text = tomlkit.dumps(doc)
    return text.replace("\n", newline) if newline != "\n" else text


_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]")


def _insert_new_key(text: str, section: str, key: str, value: Any) -> str | None:
    """``text`` with ``key = value`` on the line after the last key of the ``[section]`` table,
    or None when that is not simply possible (no such table, the key exists, a dotted or inline
    table, or the result would not read back as the file's values plus this one)."""
    import tomlkit

    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    table = before.get(section)
    if not isinstance(table, dict) or key in table:
        return None
    lines = text.split("\n")
    headers = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    own = [i for i in headers if (m := _HEADER.match(lines[i])) and m.group(1) == section]
    if len(own) != 1 or lines[own[0]].lstrip().startswith("[["):
        return None
    start = own[0]
    following = [i for i in headers if i > start]
    end = following[0] if following else len(lines)
    last = start
    for i in range(start + 1, end):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            last = i
    rendered = tomlkit.item(value).as_string()
    out = "\n".join([*lines[: last + 1], f"{key} = {rendered}", *lines[last + 1 :]])
    try:
        after = tomllib.loads(out)
        expected = {**before, section: {**table, key: tomllib.loads(f"v = {rendered}")["v"]}}
    except tomllib.TOMLDecodeError:
        return None
    return out if after == expected else None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file beside it with the same mode (0600 for a
    new file), synced, then renamed over it; on any failure the old file stays as it was."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o600
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@dataclass(frozen=True, slots=True)
class Saved:
    changed: tuple[str, ...]  # section.key, in the order of the settings
    path: Path


def save(path: Path, changes: object, environ: Mapping[str, str]) -> Saved:
    """Set the keys in ``changes`` ({"section": {"key": value}}) in the settings file at ``path``.

    Raises :class:`SettingsError` with every problem (each naming the key and the value) when
    anything is wrong: an unknown key, a value of the wrong form, a key set by a ``LOOSEN_*``
    environment variable, a file that cannot be rewritten safely, or a result the loader
    refuses (including problems already in the file). Nothing is written then.
    """
    label = str(path)
    state = read_file(path, environ)
    if not state.editable:
        raise SettingsError(
            [
                *state.problems,
                Problem(
                    label,
                    "",
                    _(
                        "loosen will not rewrite a settings file it cannot read as TOML, so "
                        "nothing was saved; fix the file by hand (or move it away to start "
                        "again)."
                    ),
                ),
            ]
        )
    problems = check(changes, Settings, label)
    bad = {setting_key(p.path) or p.path for p in problems}
    wanted: dict[str, dict[str, Any]] = {}
    order = [f.name for f in fields()]
    defaults = {f.name: f.default for f in fields()}
    for section, values in changes.items() if isinstance(changes, dict) else ():
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            name = f"{section}.{key}"
            if name in bad or name not in defaults:
                continue
            var = env_name(section, key)
            if var in environ:
                problems.append(
                    Problem(
                        label,
                        name,
                        _(
                            "Found %(value)s, but the environment variable %(var)s sets this "
                            "setting and wins over the file; change or unset that variable "
                            "instead."
                        )
                        % {"value": show(value), "var": var},
                    )
                )
                continue
            written, current = state.value(section, key)
            if not _same(current if written else defaults[name], value):
                wanted.setdefault(section, {})[key] = value
    base = state.text if state.text is not None else NEW_FILE_HEADER
    text = edit(base, wanted) if wanted else base
    # the loader's verdict on the result (the valid changes, the rest of the file, the
    # environment): cross-key rules and problems already in the file, reported with the others
    problems += [p for p in _load_problems(text, label, environ) if setting_key(p.path) not in bad]
    if problems:
        raise SettingsError(problems)
    if not wanted:
        return Saved((), path)
    target = path.resolve() if path.is_symlink() else path  # keep a dotfiles symlink a symlink
    write_atomically(target, (BOM if state.bom else "") + text)
    changed = sorted(
        (f"{s}.{k}" for s, vs in wanted.items() for k in vs), key=lambda n: order.index(n)
    )
    return Saved(tuple(changed), path)


def _load_problems(text: str, label: str, environ: Mapping[str, str]) -> list[Problem]:
    """What :func:`load_settings` says of ``text`` as the settings file (named ``label``)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="loosen-settings-", suffix=".toml")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        load_settings(tmp, environ)
    except SettingsError as exc:
        return [
            Problem(label if p.file == str(tmp) else p.file, p.path, p.message)
            for p in exc.problems
        ]
    finally:
        tmp.unlink(missing_ok=True)
    return []


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def problem_dicts(problems: list[Problem], values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Problems as the API shows them: the setting's key ("" when none), the value, one sentence."""
    out = []
    for p in problems:
        key = setting_key(p.path) or ""
        if p.file.startswith("environment variable"):
            text = f"{p.path or 'The setting'} (from the {p.file}): {p.message}"
        elif key:
            text = f"{p.path}: {p.message}"
        else:  # about the file (a position in it, an unknown key): name the file too
            text = str(p)
        out.append({"key": key, "value": jsonable(values.get(key)), "error": text})
    return out


def jsonable(value: Any) -> Any:
    """A TOML value as JSON can carry it (dates and times as ISO text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)
