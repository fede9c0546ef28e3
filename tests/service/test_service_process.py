"""The service as a process, driven with the CLI the way a user would."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.service.conftest import db

pytestmark = pytest.mark.slow


def test_start_status_commands_and_a_clean_stop(service, home):
    service.start()
    rt = service.runtime
    assert (home.data / "service.json").stat().st_mode & 0o777 == 0o600
    assert rt["pid"] == service.pid

    second = home.run("start")
    assert second.code == 1
    assert second.err == (
        f"loosen: Another loosen service is already running (pid {service.pid}, "
        f"http://127.0.0.1:{rt['port']}); stop it with `loosen stop` first.\n"
    )

    s = json.loads(home.run("status", "--json").out)
    assert s["mode"] == "sitting"  # no idle source here: a plain timer from the start
    assert s["activity"] == {"source": "none", "visible": False, "note": s["activity"]["note"]}
    assert "no X display" in s["activity"]["note"]
    text = home.run("status").out
    assert text.startswith("Sitting for 0 min (since ")
    assert "Activity: cannot be seen here" in text and "plain timer" in text

    r = home.run("snooze")
    assert (r.code, r.err) == (1, "loosen: There is no break coming up to snooze.\n")
    r = home.run("pause", "1h")
    assert r.code == 0 and r.out.startswith("Paused until ")
    assert json.loads(home.run("status", "--json").out)["paused_until"] is not None
    assert home.run("pause", "soon").code == 2
    assert home.run("resume").out.startswith("Resumed. Next break at ")
    assert home.run("resume").err == "loosen: loosen is not paused.\n"
    assert home.run("skip").out.startswith("Skipped. Next break at ")
    assert home.run("moved").out == "Noted: your sitting time starts again now.\n"
    assert home.run("break").code == 0
    assert json.loads(home.run("status", "--json").out)["mode"] == "on-break"

    assert home.run("stop").out == "loosen is stopping.\n"
    assert service.proc.wait(timeout=20) == 0
    assert not (home.data / "service.json").exists()
    with sqlite3.connect(db(home)) as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
        assert kinds == ["paused", "resumed", "skipped", "natural-break", "break-started"]
        bouts = con.execute("SELECT end_reason FROM bouts ORDER BY id").fetchall()
        # the break is under way: the bout ends (at the break's start) only once it counts
        assert bouts == [("moved",), (None,)]
    assert service.proc.stdout is not None
    service.proc.stdout.close()
    service.start()  # and a restart comes back on the break, not "sitting"
    assert json.loads(home.run("status", "--json").out)["mode"] == "on-break"
    assert home.run("stop").code == 0


def test_commands_without_a_service_say_how_to_start_it(home):
    r = home.run("status")
    assert (r.code, r.err) == (1, "loosen: loosen is not running; start it with `loosen start`.\n")


def test_sigterm_stops_cleanly_with_status_zero(service):
    service.start()
    assert service.signal(signal.SIGTERM) == 0
    assert "Traceback" not in service.output


def test_kill_9_and_restart_continues_the_bout(service, home):
    service.start()
    before = json.loads(home.run("status", "--json").out)
    started = before["bout_started_at"]
    assert started is not None
    assert service.signal(signal.SIGKILL) == -9
    r = home.run("status")
    assert r.code == 1 and "that no longer exists" in r.err
    service.start()
    after = json.loads(home.run("status", "--json").out)
    assert after["bout_started_at"] == started
    assert after["next_break_at"] == before["next_break_at"]
    with sqlite3.connect(db(home)) as con:
        assert con.execute("SELECT count(*) FROM bouts").fetchone() == (1,)
        assert con.execute("SELECT kind FROM events").fetchall() == [("restored",)]


def test_an_idle_service_does_not_wake_up(service):
    service.start()
    time.sleep(1.0)  # let start-up settle

    def switches() -> int:
        total = 0
        import os

        for tid in os.listdir(f"/proc/{service.pid}/task"):
            with open(f"/proc/{service.pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        total += int(line.split()[1])
        return total

    a = switches()
    time.sleep(3.0)
    b = switches()
    assert b - a <= 3, f"{b - a} wake-ups in 3 s"


def test_a_routine_too_short_to_count_tells_the_service_it_was_no_break(service, home):
    service.start()
    (home.config / "routines").mkdir(parents=True)
    (home.config / "routines" / "tiny.toml").write_text(
        'name = "Tiny"\n[[moves]]\nmove = "seated-twist"\nseconds = 1\nsides = false\n'
    )
    home.run("break")  # "Start routine" from a prompt, then a one-second routine
    r = home.run("stretch", "tiny")
    assert r.code == 0, r.err
    assert r.out.splitlines()[-1].startswith("Not counted as a break: 0:01 of moving;")
    s = json.loads(home.run("status", "--json").out)
    assert s["today"]["breaks_taken"] == 0 and s["mode"] == "sitting"
    with sqlite3.connect(db(home)) as con:
        # the bout goes on: the click on "Start routine" was not a break
        assert con.execute("SELECT end_reason FROM bouts ORDER BY id").fetchall() == [(None,)]
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
        assert kinds[-2:] == ["break-started", "break-abandoned"]


def test_start_detach_returns_and_the_service_answers(home):
    env = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}
    r = home.run("start", "--detach", env=env)
    try:
        assert r.code == 0, r.err
        assert r.out.startswith("loosen is running in the background (pid ")
        assert home.run("status", env=env).code == 0
        again = home.run("start", "--detach", env=env)
        assert again.code == 1 and "already running" in again.err
    finally:
        assert home.run("stop", env=env).out == "loosen is stopping.\n"


def test_a_tier_two_check_in_pauses_reminders_until_tomorrow(service, home):
    import pexpect

    service.start()
    import sys

    child = pexpect.spawn(
        sys.executable, ["-m", "loosen", "check"], env=service.env, encoding="utf-8", timeout=20
    )
    for _ in range(5):  # the five emergency questions: no
        child.expect(r"\[y/N\]")
        child.send("n\r")
    child.expect(r"\[y/N\]")  # calf pain or swelling: yes
    child.send("y\r")
    for _ in range(2):
        child.expect(r"\[y/N\]")
        child.send("n\r")
    child.expect("Contact a clinician soon.")
    child.expect(pexpect.EOF)
    child.close()
    s = json.loads(home.run("status", "--json").out)
    assert s["paused_until"] is not None
    from datetime import datetime

    until = datetime.fromisoformat(s["paused_until"]).astimezone()
    assert (until.hour, until.minute) == (0, 0)


def test_a_meeting_in_a_subscribed_calendar_shows_in_status(service, home, tmp_path):
    from datetime import UTC, datetime, timedelta

    from tests.calendar.test_subscriptions import ics

    now = datetime.now(UTC).replace(microsecond=0)
    cal = tmp_path / "work.ics"
    cal.write_bytes(ics("Design review", now - timedelta(minutes=10)))
    assert home.run("calendar", "add", str(cal)).code == 0
    service.start()
    for _ in range(100):  # the calendars are read in the background, by a short-lived process
        s = json.loads(home.run("status", "--json").out)
        if s["busy_now"] is not None:
            break
        time.sleep(0.1)
    assert s["busy_now"]["title"] == "Design review"
    assert s["calendar_problems"] == []
    text = home.run("status").out
    assert "In a meeting: Design review until " in text and "no reminders" in text


def test_the_service_keeps_openssl_and_uvicorns_command_line_out(service, home):
    """`loosen start` becomes `python -m loosen.service` in the same process, which never
    loads OpenSSL (it speaks no TLS) nor click and uvicorn's supervisors (bench/README.md)."""
    service.start()
    maps = Path(f"/proc/{service.pid}/maps").read_text()
    assert "libssl" not in maps and "libcrypto" not in maps
    cmdline = Path(f"/proc/{service.pid}/cmdline").read_text().split("\0")
    assert cmdline[1:3] == ["-m", "loosen.service"]
    # and it still answers
    assert home.run("status").code == 0


def test_the_lean_service_refuses_tls_use_plainly():
    import subprocess
    import sys

    code = (
        "from loosen.service.lean import install; install()\n"
        "import ssl, sys, uvicorn.config\n"
        "assert ssl.loosen_stand_in and 'click' not in sys.modules\n"
        "try:\n    ssl.create_default_context()\nexcept OSError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "The loosen service does not use TLS (ssl is not loaded in this process)."
    )


def test_two_detached_starts_at_once_one_runs_and_the_other_says_it_is_already_running(home):
    import subprocess
    import sys

    env = {**home.env, "DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "loosen", "start", "--detach"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        results = sorted((p.wait(timeout=60), *p.communicate()) for p in procs)
        (ok_code, ok_out, _), (lost_code, _, lost_err) = results
        assert ok_code == 0 and ok_out.startswith("loosen is running in the background (pid ")
        assert lost_code == 1
        assert "stopped at once" not in lost_err
        assert lost_err.startswith("loosen: Another loosen service is already running (pid ")
        assert lost_err.endswith("); stop it with `loosen stop` first.\n")
    finally:
        assert home.run("stop", env=env).out == "loosen is stopping.\n"


@pytest.mark.parametrize("how", ["loosen stop", "SIGTERM"])
def test_a_stop_saves_how_far_the_bout_has_gone(service, home, how):
    """A plain timer wakes every 15 min at most; the way out saves the bout up to the stop, so a
    later start does not count it as ended at its last wake-up (0 s, early in a bout)."""
    from datetime import UTC, datetime

    service.start()
    started = json.loads(home.run("status", "--json").out)["bout_started_at"]
    assert started is not None
    asked = datetime.now(UTC)
    if how == "loosen stop":
        assert home.run("stop").out == "loosen is stopping.\n"
        assert service.proc is not None and service.proc.wait(timeout=20) == 0
    else:
        assert service.signal(signal.SIGTERM) == 0
    with sqlite3.connect(db(home)) as con:
        ((start, last),) = con.execute("SELECT started_at, last_active_at FROM bouts").fetchall()
    assert datetime.fromisoformat(start) == datetime.fromisoformat(started)
    assert datetime.fromisoformat(last) >= asked
