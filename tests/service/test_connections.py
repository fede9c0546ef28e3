"""No local process can make the service unreachable: idle, slow and piled-up connections.

Real sockets against the real service process; the CLI is run as a user would run it.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading

import pytest

from loosen.service.connections import MAX_CONNECTIONS
from loosen.web.hub import MAX_STREAMS
from tests.conftest import Home

pytestmark = pytest.mark.slow

ENV = {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": ""}


def connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    return s


def closed_by_server(s: socket.socket) -> bool:
    """The server closed the connection without answering (blocks until it does, or 30 s)."""
    try:
        return s.recv(100) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_a_flood_of_idle_connections_leaves_room_for_the_cli(service, home: Home) -> None:
    service.start()
    port = int(service.runtime["port"])
    before = open_fds(service.pid)
    idle = [connect(port) for _ in range(MAX_CONNECTIONS + 200)]
    try:
        # the oldest idle ones make room: the service never holds more than its cap
        r = home.run("status", env=ENV)
        assert r.code == 0, r.err
        assert r.out.startswith("Sitting for ")
        assert open_fds(service.pid) <= before + MAX_CONNECTIONS
        cut = sum(closed_by_server(s) for s in idle[:200])
        assert cut == 200
        # a command goes through and is carried out once
        assert home.run("pause", "30m", env=ENV).code == 0
        assert "Paused until" in home.run("status", env=ENV).out
    finally:
        for s in idle:
            s.close()


def test_idle_and_slow_clients_are_cut_off_unanswered(service) -> None:
    service.start()
    port = int(service.runtime["port"])
    idle = connect(port)  # never sends a byte
    partial = connect(port)  # headers started, never finished
    partial.sendall(b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    slow = connect(port)  # slowloris: one byte at a time, never a whole request
    stop = threading.Event()
    got: list[bytes] = []

    def trickle() -> None:
        line = b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Padding: " % port
        for i in range(10_000):
            if stop.wait(0.5):
                return
            try:
                slow.send(line[i : i + 1] if i < len(line) else b"a")
            except OSError:
                return

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    try:
        assert closed_by_server(idle)
        assert closed_by_server(partial)
        try:
            while chunk := slow.recv(100):
                got.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
        assert not t.join(timeout=30) and not t.is_alive()
        assert b"HTTP/1.1" not in b"".join(got)  # nothing was answered
    finally:
        stop.set()
        for s in (idle, partial, slow):
            s.close()


def stream(port: int, token: str) -> tuple[socket.socket, bytes]:
    s = connect(port)
    s.sendall(
        b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n\r\n"
        % (port, token.encode())
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    return s, head


def test_live_event_streams_are_capped_with_the_json_error(service, home: Home) -> None:
    service.start()
    port, token = int(service.runtime["port"]), str(service.runtime["token"])
    streams = [stream(port, token) for _ in range(MAX_STREAMS)]
    try:
        assert all(head.startswith(b"HTTP/1.1 200") for _, head in streams)
        extra = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        extra.request("GET", "/api/events", headers={"Authorization": f"Bearer {token}"})
        resp = extra.getresponse()
        assert resp.status == 503
        assert json.loads(resp.read()) == {
            "ok": False,
            "status": 503,
            "error": (
                f"loosen already sends live updates to {MAX_STREAMS} pages, the most it keeps "
                "open; close some of its tabs and reload this one."
            ),
        }
        extra.close()
        # the open streams still get what happens, and the CLI still gets in
        assert home.run("pause", "30m", env=ENV).code == 0
        s, _ = streams[0]
        seen = b""
        while b'"paused_until":"' not in seen:
            chunk = s.recv(4096)
            assert chunk, "the stream ended"
            seen += chunk
    finally:
        for s, _ in streams:
            s.close()


def write_runtime(home: Home, pid: int, port: int) -> None:
    home.data.mkdir(parents=True, exist_ok=True)
    (home.data / "service.json").write_text(
        json.dumps({"pid": pid, "port": port, "token": "t", "web": ""})
    )


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_the_cli_tells_not_running_from_not_taking_connections(home: Home) -> None:
    # a runtime file left by a process that is gone
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    write_runtime(home, gone.pid, free_port())
    r = home.run("status", env=ENV)
    assert r.code == 1
    assert r.err == (
        f"loosen: loosen is not running (it left a runtime file for pid {gone.pid} that no "
        "longer exists); start it with `loosen start`.\n"
    )
    # the process is there (a stand-in named like the service) but nothing listens on its port
    there = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "loosen"])
    try:
        port = free_port()
        write_runtime(home, there.pid, port)
        r = home.run("status", env=ENV)
        assert r.code == 1
        assert r.err == (
            f"loosen: loosen is running (pid {there.pid}) but does not take connections on "
            f"port {port} now; try again in a moment, or restart it with `loosen stop` and "
            "`loosen start`.\n"
        )
    finally:
        there.kill()
        there.wait()


def test_a_command_that_got_no_answer_is_not_called_unsent(service, home: Home) -> None:
    # the service is stopped in its tracks (the kernel still takes the connection and the
    # request): the CLI gives up waiting, and says the command may still be carried out
    service.start()
    os.kill(service.pid, signal.SIGSTOP)
    try:
        r = home.run("pause", "30m", env=ENV)
    finally:
        os.kill(service.pid, signal.SIGCONT)
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err == (
        f"loosen: loosen is running (pid {service.pid}) but did not answer within 10 s; "
        "the command may still have been carried out: check with `loosen status` before "
        "trying again.\n"
    )
    # and so it was, once the service went on
    assert "Paused until" in home.run("status", env=ENV).out
