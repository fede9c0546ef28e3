"""The composition root for commands: paths, settings, routines and history, built lazily.

Nothing here runs at import; each piece is made the first time a command asks for it, so a
command pays only for what it uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
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

    @cached_property
    def made_private(self) -> list[Path]:
        """loosen's own files and folders that other users could read, made private: once per
        process, before the history is first opened (the service's start, a command that reads
        or writes the history). Said once in the log when anything was changed."""
        import logging

        from loosen.private import CONFIG_NAMES, DATA_NAMES, tighten
        from loosen.service.runtime import runtime_dir

        folders: list[tuple[Path, Sequence[str] | None]] = [
            (self.paths.data_dir, DATA_NAMES),
            (self.paths.config_dir, CONFIG_NAMES),
        ]
        runtime = runtime_dir(self.environ, self.paths.data_dir)
        if runtime != self.paths.data_dir:
            folders.append((runtime, None))
        changed = tighten(folders)
        if changed:
            shown = ", ".join(str(p) for p in changed[:5])
            more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
            logging.getLogger("loosen").warning(
                "loosen made %d of its files and folders readable only by you (other users "
                "could read them; earlier versions left them so): %s%s.",
                len(changed),
                shown,
                more,
            )
        return changed

    def history(self) -> History:
        """The history database, created on first use (a writer)."""
        from loosen.storage.history import History

        self.made_private  # noqa: B018 (before SQLite opens the files)
        return History(self.paths.history_db)

    def recent_sessions(self, limit: int) -> list[SessionRecord]:
        """Recent sessions; reading creates nothing on a fresh machine."""
        from loosen.storage.history import read_only_history

        self.made_private  # noqa: B018
        h = read_only_history(self.paths.history_db)
        if h is None:
            return []
        with h:
            return h.recent_sessions(limit)
