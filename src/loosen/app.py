"""The composition root for commands: paths, settings, routines and history, built lazily.

Nothing here runs at import; each piece is made the first time a command asks for it, so a
command pays only for what it uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from loosen.paths import Paths, resolve_paths

if TYPE_CHECKING:
    from loosen.clock import Clock
    from loosen.config import Settings
    from loosen.routines import Catalog
    from loosen.storage.history import History
    from loosen.storage.records import SessionRecord


class App:
    def __init__(self, paths: Paths, environ: Mapping[str, str], clock: Clock | None = None):
        self.paths = paths
        self.environ = dict(environ)
        self._clock = clock

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> App:
        return cls(resolve_paths(environ), environ)

    @cached_property
    def clock(self) -> Clock:
        if self._clock is not None:
            return self._clock
        from loosen.clock import SystemClock

        return SystemClock()

    @cached_property
    def settings(self) -> Settings:
        from loosen.config import load_settings

        return load_settings(self.paths.settings_file, self.environ)

    @cached_property
    def catalog(self) -> Catalog:
        from loosen.routines import Catalog

        return Catalog(self.paths.routines_dir)

    def history(self) -> History:
        """The history database, created on first use (a writer)."""
        from loosen.storage.history import History

        return History(self.paths.history_db)

    def recent_sessions(self, limit: int) -> list[SessionRecord]:
        """Recent sessions; reading creates nothing on a fresh machine."""
        from loosen.storage.history import read_only_history

        h = read_only_history(self.paths.history_db)
        if h is None:
            return []
        with h:
            return h.recent_sessions(limit)
