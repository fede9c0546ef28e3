"""The running service's runtime file (pid, port, token; mode 0600) and its single-instance lock."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from loosen.errors import LoosenError
from loosen.i18n import _


class AlreadyRunning(LoosenError):
    pass


class NotRunning(LoosenError):
    pass


@dataclass(frozen=True, slots=True)
class Runtime:
    pid: int
    port: int
    token: str
    web: str = ""  # the browser's address, http://<label>.localhost:PORT

    @property
    def web_url(self) -> str:
        return self.web or self.url

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def runtime_dir(environ: Mapping[str, str], data_dir: Path) -> Path:
    """``$XDG_RUNTIME_DIR/loosen`` where there is one, else the data folder (CI has none)."""
    xdg = environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_dir() and "LOOSEN_DATA_DIR" not in environ:
        return Path(xdg) / "loosen"
    return data_dir


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RuntimeFile:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "service.json"
        self.lock_path = folder / "service.lock"
        self._lock_fd: int | None = None

    def acquire(self) -> None:
        """Take the single-instance lock, or say where the running service is."""
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            rt = self._wait_for_holder()
            where = "" if rt is None else f" (pid {rt.pid}, {rt.url})"
            raise AlreadyRunning(
                _(
                    "Another loosen service is already running%(where)s; stop it with "
                    "`loosen stop` first."
                )
                % {"where": where}
            ) from None
        self._lock_fd = fd

    def _wait_for_holder(self, seconds: float = 5.0) -> Runtime | None:
        """The runtime file of the service holding the lock: one that is starting (two starts at
        once) writes it a moment after taking the lock, so wait a little for it."""
        import time

        deadline = time.monotonic() + seconds
        while True:
            rt = self.read()
            if rt is not None and _alive(rt.pid):
                return rt
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)

    def write(self, rt: Runtime) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"pid": rt.pid, "port": rt.port, "token": rt.token, "web": rt.web}, f)
        os.replace(tmp, self.path)

    def read(self) -> Runtime | None:
        try:
            data = json.loads(self.path.read_text())
            return Runtime(
                int(data["pid"]), int(data["port"]), str(data["token"]), str(data.get("web", ""))
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def release_lock_only(self) -> None:
        """Give the lock back without touching the runtime file (a probe)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def release(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
