"""loosen's files are the user's alone: folders 0700 and files 0600 from the first write, and
`loosen doctor` names any it finds opened up later. Real files, real processes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Home

pytestmark = pytest.mark.slow

CALENDAR = Path(__file__).resolve().parents[1] / "data" / "calendars" / "week.ics"
CONTENT = Path(__file__).resolve().parents[2] / "src" / "loosen" / "content" / "routines"
ENV = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The umask most desktops start programs with (022: new files readable by everyone)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_every_file_and_folder_is_private_from_the_first_write(home: Home, loose_umask) -> None:
    assert home.run("calendar", "add", str(CALENDAR)).code == 0
    assert home.run("routines", "import", str(routine_file(home))).code == 0
    r = home.run("start", "--detach", env=ENV)
    assert r.code == 0, r.err
    try:
        assert home.run("pause", "30m", env=ENV).code == 0  # a write to the history
        data = modes(home.data)
        # the history (with its write-ahead log while the service runs), secret calendar
        # addresses, the log, the web app's host name: none readable by anyone else
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            assert data[name] == 0o600, name
        for name in ("calendars.json", "service.log", "web-host", "service.json"):
            assert data[name] == 0o600, name
    finally:
        assert home.run("stop", env=ENV).code == 0
    for root in (home.data, home.config):
        for name, mode in modes(root).items():
            path = root / name
            want = 0o700 if path.is_dir() else 0o600
            assert mode == want, f"{path} is {mode:04o}"


def routine_file(home: Home) -> Path:
    path = home.config.parent / "mine.toml"
    path.write_text((CONTENT / "desk-short.toml").read_text())
    return path


def test_doctor_names_loosened_permissions_and_the_fix(home: Home, loose_umask) -> None:
    r = home.run("start", "--detach", env=ENV)
    assert r.code == 0, r.err
    assert home.run("stop", env=ENV).code == 0
    out = home.run("doctor", env=ENV).out
    assert f"  [ok ] only you can read loosen's files ({home.data}" in out
    db = home.data / "history.sqlite3"
    db.chmod(0o644)
    home.data.chmod(0o755)
    r = home.run("doctor", env=ENV)
    assert r.code == 1
    assert (
        f"  [no ] The folder {home.data} is open to other users (mode 0755). "
        f"Fix: chmod 700 '{home.data}'\n"
    ) in r.out
    assert (
        f"  [no ] The file {db} is open to other users (mode 0644). Fix: chmod 600 '{db}'\n"
    ) in r.out
    db.chmod(0o600)
    home.data.chmod(0o700)
    assert "only you can read loosen's files" in home.run("doctor", env=ENV).out
