"""loosen's files are the user's alone: folders 0700 and files 0600 from the first write, and
`loosen doctor` names any it finds opened up later. Real files, real processes."""

from __future__ import annotations

import json
import os
import stat
import time
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


def open_up(home: Home) -> None:
    """What an install from before private files looks like: folders 0755, files 0644."""
    for root in (home.data, home.config):
        for path in [root, *root.rglob("*")] if root.exists() else []:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)


def an_older_install(home: Home) -> None:
    assert home.run("calendar", "add", str(CALENDAR)).code == 0
    (home.data / "calendar-cache").mkdir(exist_ok=True)  # as a subscribed address fills it
    (home.data / "calendar-cache" / "0123abcd.ics").write_text("BEGIN:VCALENDAR\n")
    assert home.run("routines", "import", str(routine_file(home))).code == 0
    (home.config / "settings.toml").write_text("[breaks]\ninterval_minutes = 50\n")
    r = home.run("start", "--detach", env=ENV)
    assert r.code == 0, r.err
    pid = json.loads((home.data / "service.json").read_text())["pid"]
    assert home.run("stop", env=ENV).code == 0
    for _ in range(400):  # `loosen stop` returns as the service begins to stop
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        time.sleep(0.05)
    open_up(home)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


def all_private(home: Home) -> None:
    for root in (home.data, home.config):
        for name, mode in modes(root).items():
            path = root / name
            want = 0o700 if path.is_dir() else 0o600
            assert mode == want, f"{path} is {mode:04o}"


def test_an_older_install_is_made_private_when_the_service_starts(home: Home) -> None:
    from tests.service.conftest import Service

    an_older_install(home)
    assert modes(home.data)["history.sqlite3"] == 0o644
    service = Service(home, ENV).start()
    try:
        assert home.run("pause", "30m", env=ENV).code == 0  # a write: -wal and -shm in use
        data = modes(home.data)
        # SQLite gives its -wal/-shm files the database's mode: 0600 now, not 0644
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            assert data[name] == 0o600, name
    finally:
        service.stop()
    all_private(home)
    said = [line for line in service.output.splitlines() if "readable only by you" in line]
    assert len(said) == 1 and str(home.data / "history.sqlite3") in said[0]
    assert "loosen made " in said[0] and "files and folders readable only by you" in said[0]
    # said once: the next start has nothing to change
    service.start()
    service.stop()
    assert "readable only by you" not in service.output
    assert "only you can read loosen's files" in home.run("doctor", env=ENV).out


def test_a_command_that_opens_the_history_makes_an_older_install_private(home: Home) -> None:
    an_older_install(home)
    r = home.run("stats", env=ENV)
    assert r.code == 0
    assert r.err.count("readable only by you") == 1, r.err
    all_private(home)
    assert home.run("stats", env=ENV).err == ""


def test_only_loosens_own_files_are_changed_and_no_link_is_followed(
    home: Home, tmp_path: Path
) -> None:
    from loosen.storage.history import History

    History(home.data / "history.sqlite3").close()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "cache").mkdir(parents=True)
    (elsewhere / "shared.json").write_text("{}")
    (elsewhere / "cache" / "page.html").write_text("")
    (home.data / "calendars.json").symlink_to(elsewhere / "shared.json")
    (home.data / "calendar-cache").symlink_to(elsewhere / "cache")
    (home.data / "notes.txt").write_text("the user's own file")
    open_up(home)
    for path in [elsewhere, *elsewhere.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    r = home.run("stats", env=ENV)
    assert r.code == 0 and "readable only by you" in r.err
    assert modes(home.data)["history.sqlite3"] == 0o600
    # not loosen's: the user's file, what the links point to, and the folder that holds them
    assert modes(home.data)["notes.txt"] == 0o644
    assert modes(home.data)["."] == 0o755
    assert set(modes(elsewhere).values()) == {0o755, 0o644}
    # doctor still names what loosen would not change
    r = home.run("doctor", env=ENV)
    assert r.code == 1
    assert f"The folder {home.data} is open to other users (mode 0755)" in r.out
    assert f"The file {home.data / 'notes.txt'} is open to other users (mode 0644)" in r.out
    assert "history.sqlite3 is open" not in r.out
