"""A damaged history database and a full disk, with the service as a real process: it keeps
reminding, says what is wrong once, saves again when it can, and loses nothing already saved."""

from __future__ import annotations

import errno
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Home
from tests.service.conftest import Service, db
from tests.storage.damage import damage, fill

pytestmark = pytest.mark.slow


def status(home: Home) -> dict[str, object]:
    r = home.run("status", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)  # type: ignore[no-any-return]


def test_a_damaged_database_does_not_stop_the_service_and_is_reported(service, home):
    fill(db(home))
    damage(db(home), "events")
    service.start()
    problem = status(home)["storage_problem"]
    assert problem == (
        f"The history database {db(home)} is damaged (database disk image is malformed) and has "
        "no backup yet; move it aside and loosen will start a new one. Meanwhile loosen keeps "
        "reminding from memory, without saving, until it is restarted with a usable database."
    )
    assert home.run("status").out.count("History: The history database") == 1
    r = home.run("pause", "1h")
    assert r.code == 0 and r.out.startswith("Paused until "), r.err
    assert status(home)["paused_until"] is not None  # kept in memory
    stats = home.run("stats")
    assert stats.code == 1 and "Traceback" not in stats.err
    assert stats.err.startswith(f"loosen: The history database {db(home)} is damaged (")
    assert len(stats.err.splitlines()) == 1
    assert home.run("stop").code == 0
    assert service.proc is not None and service.proc.wait(timeout=20) == 0


def test_restore_history_goes_back_to_the_backup_the_service_took(service, home):
    fill(db(home))
    service.start()  # takes the day's backup
    r = home.run("restore")
    assert r.code == 1 and "already running" in r.err  # never under a running service
    assert home.run("stop").code == 0
    assert service.proc is not None and service.proc.wait(timeout=20) == 0
    backup = home.data / "history.backup.sqlite3"
    assert backup.stat().st_mode & 0o777 == 0o600
    damage(db(home), "events")
    stats = home.run("stats")
    assert stats.code == 1
    assert "run `loosen restore` to go back to its automatic backup of " in stats.err
    r = home.run("restore")
    assert r.code == 0, r.err
    assert r.out.startswith(f"Restored {db(home)} from its backup of ")
    assert "history.sqlite3.damaged-" in r.out
    assert home.run("stats").code == 0
    with sqlite3.connect(db(home)) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (300,)


@pytest.fixture
def small_disk(home: Home) -> Iterator[Path]:
    """The data folder on a real 1 MB file system (tmpfs), unmounted afterwards."""
    home.data.mkdir(parents=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(home.data)], check=True
    )
    try:
        yield home.data
    finally:
        subprocess.run(["umount", "-l", str(home.data)], check=True)


def fill_disk(folder: Path) -> Path:
    """Take every free block of the file system ``folder`` is on; the file that holds them."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        while True:
            try:
                f.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    return filler


def test_a_full_disk_keeps_reminding_says_so_once_and_saves_when_there_is_room(small_disk, home):
    env = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}
    service = Service(home, env).start()
    try:
        assert status(home)["storage_problem"] is None
        filler = fill_disk(small_disk)
        r = home.run("pause", "1h")
        assert (r.code, r.err) == (0, "")  # was: "Something went wrong inside loosen"
        problem = str(status(home)["storage_problem"])
        assert problem.startswith(
            f"Could not write to the history database {db(home)} because the disk is full; "
        )
        assert problem.endswith(
            "Meanwhile loosen keeps reminding and keeps what happens in memory, to save it once "
            "the database can be written again."
        )
        assert home.run("resume").code == 0
        filler.unlink()  # room again
        assert home.run("skip").code == 0
        assert status(home)["storage_problem"] is None
        assert home.run("stop").code == 0
        assert service.proc is not None and service.proc.wait(timeout=20) == 0
        output = service.proc.stdout.read() if service.proc.stdout else ""
    finally:
        service.stop()
    assert output.count("because the disk is full") == 1  # said once, not at every write
    assert "can be written again; " in output
    with sqlite3.connect(db(home)) as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["paused", "resumed", "skipped"]
