"""Where loosen keeps its files. Nothing is read or created at import time.

Defaults come from platformdirs (``~/.config/loosen`` and ``~/.local/share/loosen`` on Linux);
``LOOSEN_CONFIG_DIR`` and ``LOOSEN_DATA_DIR`` override them (tests and portable installs use this).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def routines_dir(self) -> Path:
        return self.config_dir / "routines"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"


def settings_file(environ: Mapping[str, str]) -> Path:
    """Where the settings file is, without importing platformdirs on Linux and the BSDs (the
    command line reads ``[ui] language`` from it at every start; a test keeps this equal to
    :func:`resolve_paths`)."""
    import sys

    config = environ.get("LOOSEN_CONFIG_DIR")
    if config is None and sys.platform not in ("darwin", "win32"):
        base = environ.get("XDG_CONFIG_HOME", "").strip() or "~/.config"
        config = str(Path(base).expanduser() / "loosen")
    if config is None:
        return resolve_paths(environ).settings_file
    return Path(config).expanduser() / "settings.toml"


def resolve_paths(environ: Mapping[str, str]) -> Paths:
    config = environ.get("LOOSEN_CONFIG_DIR")
    data = environ.get("LOOSEN_DATA_DIR")
    if config is None or data is None:
        import platformdirs

        config = config or platformdirs.user_config_dir("loosen", appauthor=False)
        data = data or platformdirs.user_data_dir("loosen", appauthor=False)
    return Paths(Path(config).expanduser(), Path(data).expanduser())
