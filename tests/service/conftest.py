from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Home


class Service:
    def __init__(self, home: Home, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.env = {**home.env, **(env or {})}
        self.proc: subprocess.Popen[str] | None = None
        self.rt_file = home.data / "service.json"

    def start(self) -> Service:
        if self.rt_file.exists():
            self.rt_file.unlink()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "loosen", "start"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 20
        while not self.rt_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                out = self.proc.communicate()[0] if self.proc.poll() is not None else ""
                raise AssertionError(f"the service did not start: {out}")
            time.sleep(0.05)
        return self

    @property
    def runtime(self) -> dict[str, object]:
        return json.loads(self.rt_file.read_text())

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def signal(self, sig: int) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=20)
        if self.proc.stdout is not None:
            self.output = self.proc.stdout.read()
            self.proc.stdout.close()
        return code

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.signal(signal.SIGTERM)
        elif self.proc is not None and self.proc.stdout is not None and not self.proc.stdout.closed:
            self.proc.stdout.close()


@pytest.fixture
def service(home: Home) -> Iterator[Service]:
    env = {k: v for k, v in os.environ.items() if k in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    s = Service(home, {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "", **{k: "" for k in env}})
    try:
        yield s
    finally:
        s.stop()


def db(home: Home) -> Path:
    return home.data / "history.sqlite3"
