"""Speaking a language costs the long-running service no Babel, and the command line no Babel
at start: Babel is imported only by the commands that print dates or numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVICE_SIDE = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from loosen import i18n
from loosen.i18n.startup import start
start({"LANG": "de_CH.UTF-8", "LOOSEN_LOCALE_DIR": sys.argv[1]}, setting="")
assert i18n.format_locale() == "de_CH", i18n.format_locale()
import loosen.service.app, loosen.service.runner, loosen.web.app, loosen.adapters.tray.view
from loosen.core.observations import Notify
from loosen.service.wording import Wording, texts
from loosen.adapters.tray.view import texts as tray_texts
now = datetime(2026, 12, 7, 13, 5, tzinfo=UTC)
n = Notify("ask-moved", timedelta(0), gap=(now, now + timedelta(minutes=3)))
print(texts(n, Wording(), lambda dt: dt)[1])
print(tray_texts({"mode": "sitting", "sitting_seconds": 60, "next_break_at": now.isoformat()},
                 lambda dt: dt)[0])
print("babel" in sys.modules)
"""


def test_the_service_formats_times_for_the_locale_without_babel() -> None:
    # loosen's own catalogs: the German one has no translations yet; the formats are looked at
    out = subprocess.run(
        [sys.executable, "-c", SERVICE_SIDE, str(Path(__file__).parents[2] / "src/loosen/locale")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "13:05" in out[0] and "13:08" in out[0]
    assert out[-1] == "False", out


def test_the_command_line_starts_without_babel(tmp_path: Path) -> None:
    # no LOOSEN_CONFIG_DIR: the settings file is found where platformdirs would put it
    env = {"LANG": "de_DE.UTF-8", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["--version"], ["routines"], ["routines", "show", "glutes"]):
        r = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "loosen", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if "|" in line}
        assert "babel" not in imported, args
        if args == ["--version"]:
            assert "platformdirs" not in imported
