"""Importing a routine file into the user's routines folder (``loosen routines import`` and the
web page's upload share it)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from loosen.core.routine import Routine
from loosen.errors import Problem, RoutineFileError
from loosen.i18n import _
from loosen.move_specs import ID_PATTERN, file_error
from loosen.routines import Catalog, build_routine
from loosen.schema import parse_toml
from loosen.values import ROUTINE_ID_MAX


@dataclass(frozen=True, slots=True)
class Imported:
    routine: Routine
    path: Path  # where the file was saved
    replaced: bool  # an older routine of the same name was overwritten


def _suggested_name(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return (slug or "my-routine") + ".toml"


def import_routine(
    catalog: Catalog, filename: str, text: str, *, replace: bool = False
) -> Imported:
    """Check a routine file and save it into the user's routines folder (CLI and web share this).

    The file's name gives the routine's id, so it must be ``<id>.toml`` with an id of lowercase
    letters, digits and hyphens, and not a built-in routine's id. The text goes through the same
    checks as ``loosen routines validate``; name and content problems are raised together as one
    :class:`RoutineFileError`, and then nothing is written. A routine of the same name in the
    folder is overwritten only with ``replace`` (else :class:`RoutineExistsError`). The file is
    saved byte for byte as given, through a temporary file, so a reader never sees half of it.
    """

    from loosen.errors import LoosenError, RoutineExistsError

    label = filename
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    problems: list[Problem] = []
    rid = name[:-5] if name.endswith(".toml") else name.rsplit(".", 1)[0]
    builtin = {bid for bid, _src in catalog._builtin_files()}
    if not name.endswith(".toml"):
        problems.append(
            Problem(
                label,
                "",
                _(
                    'The file name "%(name)s" does not end in ".toml"; a routine file '
                    'is named after its id, like "%(suggested_name)s".'
                )
                % {"name": name, "suggested_name": _suggested_name(rid)},
            )
        )
    elif len(rid) > ROUTINE_ID_MAX:
        problems.append(
            Problem(
                label[:80],
                "",
                _(
                    "The file name has %(count)s characters; a routine's id (the name "
                    'without ".toml") may have %(ROUTINE_ID_MAX)s at most.'
                )
                % {"count": format(len(name), ","), "ROUTINE_ID_MAX": ROUTINE_ID_MAX},
            )
        )
    elif not re.fullmatch(ID_PATTERN, rid):
        problems.append(
            Problem(
                label,
                "",
                _(
                    'The file name "%(name)s" cannot be a routine\'s id; use lowercase '
                    'letters, digits and hyphens, like "%(suggested_name)s".'
                )
                % {"name": name, "suggested_name": _suggested_name(rid)},
            )
        )
    elif rid in builtin:
        problems.append(
            Problem(
                label,
                "",
                _(
                    'A built-in routine is called "%(rid)s"; rename the file (for '
                    'example "my-%(rid)s.toml") to import it beside the built-in one.'
                )
                % {"rid": rid},
            )
        )
    try:
        raw = parse_toml(text, label, file_error)
        routine = build_routine(rid, raw, label, catalog.library, catalog.keyframes, "")
    except RoutineFileError as exc:
        raise RoutineFileError(problems + list(exc.problems)) from None
    if problems:
        raise RoutineFileError(problems)
    if catalog.user_dir is None:
        raise LoosenError(_("loosen has no folder for your routines; set LOOSEN_CONFIG_DIR."))
    dest = catalog.user_dir / f"{rid}.toml"
    existed = dest.exists()
    if existed and not replace:
        raise RoutineExistsError(
            _(
                'You already have a routine called "%(rid)s" (%(dest)s); import '
                "with --replace to overwrite it, or rename the file."
            )
            % {"rid": rid, "dest": dest},
            rid,
        )
    try:
        from loosen.private import write_private

        write_private(dest, text.encode("utf-8"))
    except OSError as exc:
        raise LoosenError(
            _(
                "The routine could not be saved as %(dest)s (%(reason)s); check "
                "that the folder is writable."
            )
            % {"dest": dest, "reason": exc.strerror}
        ) from None
    catalog.__dict__.pop("entries", None)  # the cached list no longer tells the truth
    return Imported(dataclasses.replace(routine, source=str(dest)), dest, existed)
