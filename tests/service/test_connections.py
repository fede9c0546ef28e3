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


class Cutting:
    """A stand-in service that closes the first ``cut`` connections once their request is in,
    unanswered (as the service does to the oldest waiting ones under a connection flood), then
    answers like the service. Records each request's method, path and Idempotency-Key."""

    def __init__(self, cut: int) -> None:
        self.cut = cut
        self.seen: list[tuple[str, str, str | None]] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
                method, path, _ = head[0].split(" ")
                headers = dict(line.lower().split(": ", 1) for line in head[1:])
                self.seen.append((method, path, headers.get("idempotency-key")))
                if len(self.seen) <= self.cut:
                    # closed with the request unread: the kernel resets the connection
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                    continue
                body = json.dumps(
                    {"ok": True, "message": "Paused until 10:30.", "mode": "sitting"}
                ).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(body), body)
                )

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def stand_in(home: Home):
    servers: list[Cutting] = []

    def make(cut: int) -> Cutting:
        server = Cutting(cut)
        servers.append(server)
        write_runtime(home, os.getpid(), server.port)
        return server

    yield make
    for s in servers:
        s.close()


def test_a_connection_closed_unanswered_is_said_as_such_and_a_get_is_tried_again(
    home: Home, stand_in
) -> None:
    # closed once, then answered: the user sees the answer
    server = stand_in(cut=1)
    r = home.run("status", "--json", env=ENV)
    assert r.code == 0, r.err
    assert [m for m, _, _ in server.seen] == ["GET", "GET"]
    # closed every time: said as it is, not as a timeout
    server = stand_in(cut=99)
    r = home.run("status", env=ENV)
    assert r.code == 1 and len(server.seen) == 3
    assert r.err == (
        f"loosen: loosen is running (pid {os.getpid()}) but closed the connection before "
        "answering, 3 times (it closes the oldest waiting connections when too many are open, "
        "so another program may be flooding it); try again in a moment.\n"
    )


def test_a_command_is_tried_again_with_the_same_idempotency_key(home: Home, stand_in) -> None:
    server = stand_in(cut=1)
    r = home.run("pause", "30m", env=ENV)
    assert (r.code, r.out) == (0, "Paused until 10:30.\n"), r.err
    (m1, p1, k1), (m2, p2, k2) = server.seen
    assert (m1, p1) == (m2, p2) == ("POST", "/api/pause") and k1 is not None and k1 == k2
    # a fresh key for the next command
    server = stand_in(cut=99)
    r = home.run("pause", "30m", env=ENV)
    assert r.code == 1 and len({k for _, _, k in server.seen}) == 1 and server.seen[0][2] != k1
    assert r.err == (
        f"loosen: loosen is running (pid {os.getpid()}) but closed the connection before "
        "answering, 3 times (it closes the oldest waiting connections when too many are open, "
        "so another program may be flooding it); the command may have been carried out: check "
        "with `loosen status` before trying again.\n"
    )


def test_a_command_sent_again_with_its_key_is_carried_out_once(service, home: Home) -> None:
    """The service answers a repeated Idempotency-Key from memory: a retry after a closed
    connection never carries a command out twice."""
    service.start()
    rt = service.runtime
    assert home.run("pause", "30m", env=ENV).code == 0

    def resume(key: str) -> tuple[int, dict[str, object]]:
        conn = http.client.HTTPConnection("127.0.0.1", int(str(rt["port"])), timeout=10)
        conn.request(
            "POST",
            "/api/resume",
            body=b"{}",
            headers={
                "Authorization": f"Bearer {rt['token']}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        resp = conn.getresponse()
        answer = resp.status, json.loads(resp.read())
        conn.close()
        return answer

    first = resume("key-1")
    assert first[0] == 200 and first[1]["ok"] is True
    assert resume("key-1") == first  # the same answer, not "loosen is not paused"
    assert resume("key-2") == (
        409,
        {"ok": False, "error": "loosen is not paused.", "status": 409},
    )
    service.stop()
    import sqlite3

    with sqlite3.connect(home.data / "history.sqlite3") as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds.count("resumed") == 1
