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


def resolve_paths(environ: Mapping[str, str]) -> Paths:
    config = environ.get("LOOSEN_CONFIG_DIR")
    data = environ.get("LOOSEN_DATA_DIR")
    if config is None or data is None:
        import platformdirs

        config = config or platformdirs.user_config_dir("loosen", appauthor=False)
        data = data or platformdirs.user_data_dir("loosen", appauthor=False)
    return Paths(Path(config).expanduser(), Path(data).expanduser())
