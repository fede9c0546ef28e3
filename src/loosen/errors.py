"""The exception tree of loosen.

Every error a user can see derives from :class:`LoosenError`; its ``str()`` is one or more
complete sentences that name the file, key or value at fault and say what to do. The CLI's error
boundary (``loosen.cli.main``) prints that text and exits 1 without a traceback (``--debug`` shows
one).

    LoosenError
    ├── FileProblemsError     a user file (settings, routine) has one or more problems
    │   ├── SettingsError
    │   └── RoutineFileError
    ├── UnknownRoutineError   a routine name that is neither built in nor in the user's folder
    ├── RoutineExistsError    importing a routine whose name the user's folder already has
    └── HistoryError          the history database cannot be opened or written
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LoosenError(Exception):
    """Base of every error loosen reports to a user."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a user file: where it is, what was found, what was expected."""

    file: str
    path: str  # e.g. "moves[3].seconds"; "" for the whole file
    message: str  # a complete sentence

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}: " if self.path else f"{self.file}: "
        return where + self.message


class FileProblemsError(LoosenError):
    """A user-written file has problems; all of them are reported at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SettingsError(FileProblemsError):
    """The settings file has problems."""


class RoutineFileError(FileProblemsError):
    """A routine file has problems."""


class UnknownRoutineError(LoosenError):
    """No routine of that name."""


class RoutineExistsError(LoosenError):
    """Importing a routine file would overwrite one of the user's routines (replace not asked)."""

    def __init__(self, message: str, routine_id: str) -> None:
        super().__init__(message)
        self.routine_id = routine_id


class HistoryError(LoosenError):
    """The history database could not be opened or written.

    ``damaged`` is true when the file itself is damaged (or is not a database): writing to it
    again cannot help, unlike a full disk or a lock held by another program.
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged
