"""`loosen start --detach`: start the service as its own process and wait until it answers."""

from __future__ import annotations

import os
import subprocess
import time

from loosen.app import App
from loosen.errors import LoosenError
from loosen.i18n import _
from loosen.private import open_log
from loosen.service.__main__ import command
from loosen.service.runtime import AlreadyRunning, Runtime, RuntimeFile, runtime_dir


def start_detached(app: App, timeout: float = 15.0) -> Runtime:
    rt_file = RuntimeFile(runtime_dir(app.environ, app.paths.data_dir))
    rt_file.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    # a quick look first, so a second start says where the first one is without spawning
    probe = RuntimeFile(rt_file.folder)
    probe.acquire()
    probe.release_lock_only()
    before = rt_file.read()
    log_path = app.paths.data_dir / "service.log"
    with os.fdopen(open_log(log_path), "ab") as log:  # 0600: the log is the user's alone
        proc = subprocess.Popen(
            command(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            env=app.environ,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rt = rt_file.read()
        if rt is not None and rt.pid == proc.pid and rt != before:
            return rt
        code = proc.poll()
        if code is not None:
            raise _lost_race(rt_file) or LoosenError(
                _("The loosen service stopped at once (exit status %(code)s); see %(log_path)s.")
                % {"code": code, "log_path": log_path}
            )
        time.sleep(0.05)
    raise LoosenError(
        _("The loosen service did not answer within %(timeout)s s; see %(log_path)s.")
        % {"timeout": format(timeout, "g"), "log_path": log_path}
    )


def _lost_race(rt_file: RuntimeFile) -> AlreadyRunning | None:
    """Why our service stopped when another one started at the same moment (two `start
    --detach` at once): the other holds the single-instance lock (``acquire`` waits a moment for
    it to write where it listens, so the message can say); None when nobody holds the lock."""
    probe = RuntimeFile(rt_file.folder)
    try:
        probe.acquire()
    except AlreadyRunning as exc:
        return exc
    probe.release_lock_only()
    return None


__all__ = ["AlreadyRunning", "start_detached"]
