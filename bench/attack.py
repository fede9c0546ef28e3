"""A hostile local process against the real service: does `loosen status` still get in?

Starts its own service (a fresh temporary home, no display), then, one after the other and each
bounded in count and time, on loopback only:

- flood: many requests without the token, over many keep-alive connections;
- idle: more connections than the old file-descriptor limit, that never send a byte;
- streams: far more live event streams (``/api/events``, with the token) than the cap;
- slowloris: connections that send a request one byte a second and never finish it;
- connect flood: threads opening (and holding) thousands of connections a second, so the
  service keeps cutting the oldest idle one, the CLI's own among them.

For each it prints requests/s and p99 latency (flood), connections held / cut / refused, the
service's memory (PSS, /proc/PID/smaps_rollup) and open files before and after, and whether an
authorised `loosen status` answered during the attack (and how fast). Stops the service at the end.

    .venv/bin/python bench/attack.py [--scale 1.0]

``--scale`` multiplies every count (0.2 for a quick look).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Service:
    def __init__(self, home: Path) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LOOSEN_")},
            "LOOSEN_CONFIG_DIR": str(home / "config"),
            "LOOSEN_DATA_DIR": str(home / "data"),
            "DISPLAY": "",
            "DBUS_SESSION_BUS_ADDRESS": "",
            "TZ": "UTC",
        }
        self.rt_file = home / "data" / "service.json"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "loosen", "start"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not self.rt_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the service did not start")
            time.sleep(0.05)
        rt = json.loads(self.rt_file.read_text())
        self.pid, self.port, self.token = self.proc.pid, int(rt["port"]), str(rt["token"])

    def status(self) -> tuple[bool, float, str]:
        """`loosen status` as the user runs it: (answered, milliseconds, first line)."""
        t0 = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-m", "loosen", "status"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        ms = (time.perf_counter() - t0) * 1000
        line = (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else ""
        return r.returncode == 0, ms, line

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@dataclass
class Outcome:
    name: str
    facts: dict[str, Any] = field(default_factory=dict)
    cli: list[tuple[bool, float, str]] = field(default_factory=list)


def during(service: Service, outcome: Outcome, stop: threading.Event, every: float = 1.0) -> None:
    """Run `loosen status` again and again while the attack goes on (in a thread)."""
    while not stop.is_set():
        outcome.cli.append(service.status())
        stop.wait(every)


async def request(port: int, head: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    await writer.drain()
    return reader, writer


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return status


async def flood(s: Service, n: int, conns: int, out: Outcome) -> None:
    """``n`` requests without the token over ``conns`` keep-alive connections."""
    head = b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % s.port
    per = n // conns
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failed = 0

    async def one() -> None:
        nonlocal failed
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", s.port)
        except OSError:
            failed += per
            return
        try:
            for _ in range(per):
                t0 = time.perf_counter()
                writer.write(head)
                status = await read_response(reader)
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        except (OSError, asyncio.IncompleteReadError):
            failed += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(conns)))
    took = time.perf_counter() - t0
    latencies.sort()
    out.facts.update(
        requests=len(latencies),
        connections=conns,
        answers=statuses,
        failed=failed,
        rps=round(len(latencies) / took),
        p50_ms=round(statistics.median(latencies), 1) if latencies else None,
        p99_ms=round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
    )


async def idle(s: Service, n: int, hold: float, out: Outcome) -> None:
    """``n`` connections that never send a byte, held for ``hold`` seconds."""
    writers, refused = [], 0
    for _ in range(n):
        try:
            writers.append(await asyncio.open_connection("127.0.0.1", s.port))
        except OSError:
            refused += 1
    out.facts["service open files, attack on"] = open_files(s.pid)
    await asyncio.sleep(hold)
    cut = sum(1 for r, _ in writers if r.at_eof())
    for _, w in writers:
        w.close()
    out.facts.update(opened=len(writers), refused=refused, cut_by_service=cut)
    out.facts[f"still held after {hold:g} s"] = len(writers) - cut


async def streams(s: Service, n: int, out: Outcome) -> None:
    """``n`` live event streams with the token: how many are kept, how many refused."""
    head = b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n\r\n" % (
        s.port,
        s.token.encode(),
    )
    kept, refused, failed = [], 0, 0
    for _ in range(n):
        try:
            reader, writer = await request(s.port, head)
            first = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            failed += 1
            continue
        if first.startswith(b"HTTP/1.1 200"):
            kept.append(writer)
        else:
            refused += 1
            writer.close()
    out.facts["service open files, attack on"] = open_files(s.pid)
    out.facts["PSS MB, attack on"] = round(pss_mb(s.pid), 1)
    await asyncio.sleep(1)
    for w in kept:
        w.close()
    out.facts.update(asked=n, kept=len(kept), refused_503=refused, failed=failed)


async def slowloris(s: Service, n: int, seconds: float, out: Outcome) -> None:
    """``n`` connections sending a request's headers one byte a second, for up to ``seconds``."""
    line = b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Padding: " % s.port + b"a" * 200
    conns = []
    for _ in range(n):
        with contextlib.suppress(OSError):
            conns.append(await asyncio.open_connection("127.0.0.1", s.port))
    answered = 0
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end and any(not w.is_closing() for _, w in conns):
        for r, w in conns:
            if not w.is_closing() and not r.at_eof():
                try:
                    w.write(line[i : i + 1])
                except OSError:
                    w.close()
        i += 1
        await asyncio.sleep(1)
        for r, w in conns:
            if r.at_eof() and not w.is_closing():
                data = await r.read()
                answered += data.startswith(b"HTTP/")
                w.close()
    cut = sum(1 for r, w in conns if r.at_eof() or w.is_closing())
    for _, w in conns:
        w.close()
    out.facts.update(connections=len(conns), cut_by_service=cut, answered=answered)
    out.facts["seconds until the last was cut"] = min(i, int(seconds))


def connect_flood_threads(s: Service, seconds: float, threads: int, out: Outcome) -> None:
    """``threads`` threads opening connections as fast as they can for ``seconds``, each held
    (never a byte sent) until 256 newer ones of its thread are open: the service keeps making
    room by cutting the oldest idle connection, which may be the CLI's own."""
    import collections
    import socket

    opened = [0] * threads
    failed = [0] * threads
    end = time.monotonic() + seconds

    def run(i: int) -> None:
        held: collections.deque[socket.socket] = collections.deque()
        while time.monotonic() < end:
            try:
                held.append(socket.create_connection(("127.0.0.1", s.port), timeout=5))
                opened[i] += 1
            except OSError:
                failed[i] += 1
            while len(held) > 256:
                held.popleft().close()
        for c in held:
            c.close()

    t0 = time.perf_counter()
    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    took = time.perf_counter() - t0
    out.facts.update(
        threads=threads,
        opened=sum(opened),
        failed_to_connect=sum(failed),
        connections_per_s=round(sum(opened) / took),
    )


async def connect_flood(s: Service, seconds: float, threads: int, out: Outcome) -> None:
    await asyncio.to_thread(connect_flood_threads, s, seconds, threads, out)


def attack(
    s: Service,
    name: str,
    run: Callable[[Outcome], Awaitable[None]],
    settle: float = 2.0,
    every: float = 1.0,
) -> Outcome:
    out = Outcome(name)
    out.facts["PSS MB before"] = round(pss_mb(s.pid), 1)
    out.facts["service open files before"] = open_files(s.pid)
    stop = threading.Event()
    watcher = threading.Thread(target=during, args=(s, out, stop, every), daemon=True)
    watcher.start()
    try:
        asyncio.run(run(out))
    finally:
        stop.set()
        watcher.join(timeout=90)
    time.sleep(settle)  # closed connections noticed, memory settled
    out.facts["PSS MB after"] = round(pss_mb(s.pid), 1)
    out.facts["service open files after"] = open_files(s.pid)
    return out


def report(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        print(f"\n== {o.name}")
        for k, v in o.facts.items():
            print(f"  {k}: {v}")
        ok = [ms for good, ms, _ in o.cli if good]
        bad: dict[str, list[float]] = {}
        for good, ms, line in o.cli:
            if not good:
                bad.setdefault(line, []).append(ms)
        print(
            f"  `loosen status` during the attack: {len(ok)} of {len(o.cli)} answered"
            + (f", median {statistics.median(ok):.0f} ms, max {max(ok):.0f} ms" if ok else "")
        )
        for line, times in sorted(bad.items()):
            took = ", ".join(f"{ms / 1000:.1f}" for ms in times)
            print(f"    failed ({len(times)}×, after {took} s): {line}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    ap.add_argument("--only", help="run only the attacks whose name contains this")
    args = ap.parse_args()
    k = args.scale
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the attacker's own sockets
    with tempfile.TemporaryDirectory(prefix="loosen-attack-") as tmp:
        s = Service(Path(tmp))
        try:
            print(f"service pid {s.pid} on 127.0.0.1:{s.port}; PSS {pss_mb(s.pid):.1f} MB")
            attacks: list[tuple[str, Callable[[Outcome], Awaitable[None]], float]] = [
                ("flood (no token)", lambda o: flood(s, int(5000 * k), 50, o), 1.0),
                ("idle connections", lambda o: idle(s, int(1100 * k), 12, o), 1.0),
                ("event streams (token)", lambda o: streams(s, int(2000 * k), o), 1.0),
                ("slowloris", lambda o: slowloris(s, int(200 * k), 20, o), 1.0),
                ("connect flood", lambda o: connect_flood(s, 20 * k, 8, o), 0.5),
            ]
            outcomes = [
                attack(s, name, run, every=every)
                for name, run, every in attacks
                if not args.only or args.only in name
            ]
            report(outcomes)
            print(f"\nservice still running: {s.proc.poll() is None}; final status: {s.status()}")
        finally:
            s.stop()


if __name__ == "__main__":
    main()
