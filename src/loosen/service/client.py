"""The CLI's side of the control API: read the runtime file, send one request (stdlib only)."""

from __future__ import annotations

import http.client
import json
from typing import Any

from loosen.app import App
from loosen.errors import LoosenError
from loosen.i18n import _
from loosen.service.runtime import NotRunning, Runtime, RuntimeFile, runtime_dir


class Refused(LoosenError):
    """The service understood the command and said no (the message says why)."""


def runtime(app: App) -> Runtime:
    rt = RuntimeFile(runtime_dir(app.environ, app.paths.data_dir)).read()
    if rt is None:
        raise NotRunning(_("loosen is not running; start it with `loosen start`."))
    return rt


class NoAnswer(LoosenError):
    """The service is running but did not answer (busy, or swamped by other connections)."""


TIMEOUT = 10.0


def _alive(pid: int) -> bool:
    """The service's process is still there (not a zombie, not another program with its pid)."""
    import os
    from pathlib import Path

    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or another user's process now
        return False
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            return False
        return state not in ("Z", "X") and b"loosen" in cmdline
    return True


RETRIES = 2  # more tries of a request safe to repeat, after a connection closed unanswered
PAUSE = 0.2  # seconds before the first retry (twice that before the second)


class _Closed(Exception):
    """The connection was closed or reset before an answer came (never a timeout)."""


def call(app: App, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Send one request to the running service and return its JSON answer.

    What went wrong is said as it is: not running (no process), running but not taking
    connections, a connection closed before the answer (a flood of other connections makes the
    service close the oldest waiting ones), or a request sent without an answer within
    ``TIMEOUT``, which for a command means it may still have been carried out.

    A request that is safe to send again is retried (``RETRIES`` times) after a connection was
    refused or closed unanswered: a GET, and a command, which carries an ``Idempotency-Key``
    the service answers again from memory instead of carrying the command out twice. A timeout
    is never retried.
    """
    import secrets
    import time

    rt = runtime(app)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {rt.token}", "Host": f"127.0.0.1:{rt.port}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if method != "GET":
        headers["Idempotency-Key"] = secrets.token_urlsafe(18)
    refused = closed = 0
    for attempt in range(1 + RETRIES):
        if attempt:
            time.sleep(PAUSE * attempt)
        try:
            raw = _once(rt, method, path, data, headers)
        except ConnectionRefusedError:
            if not _alive(rt.pid):
                raise NotRunning(
                    _(
                        "loosen is not running (it left a runtime file for pid %(pid)s that "
                        "no longer exists); start it with `loosen start`."
                    )
                    % {"pid": rt.pid}
                ) from None
            refused += 1
            continue
        except _Closed:
            closed += 1
            continue
        break
    else:
        raise NoAnswer(_unanswered(rt, method, refused, closed))
    try:
        payload = json.loads(raw or b"{}")
    except ValueError:
        raise LoosenError(_("The loosen service sent an answer that is not JSON.")) from None
    if not isinstance(payload, dict) or not payload.get("ok"):
        error = payload.get("error") if isinstance(payload, dict) else None
        raise Refused(str(error or _("The loosen service refused the request.")))
    return payload


def _once(
    rt: Runtime, method: str, path: str, data: bytes | None, headers: dict[str, str]
) -> bytes:
    """One try: the answer's body, or ConnectionRefusedError / _Closed / NoAnswer (timeout)."""
    conn = http.client.HTTPConnection("127.0.0.1", rt.port, timeout=TIMEOUT)
    try:
        try:
            conn.connect()
        except TimeoutError:
            raise NoAnswer(
                _(
                    "loosen is running (pid %(pid)s) but did not take a connection on port "
                    "%(port)s within %(TIMEOUT)s s; try again in a moment, or restart it with "
                    "`loosen stop` and `loosen start`."
                )
                % {"pid": rt.pid, "port": rt.port, "TIMEOUT": format(TIMEOUT, "g")}
            ) from None
        except ConnectionRefusedError:
            raise
        except OSError:  # no room for a connection on either side (EAGAIN, EMFILE, ...)
            raise ConnectionRefusedError from None
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            return resp.read()
        except TimeoutError:
            if method == "GET":
                raise NoAnswer(
                    _(
                        "loosen is running (pid %(pid)s) but did not answer within "
                        "%(TIMEOUT)s s; it may be busy: try again in a moment."
                    )
                    % {"pid": rt.pid, "TIMEOUT": format(TIMEOUT, "g")}
                ) from None
            raise NoAnswer(
                _(
                    "loosen is running (pid %(pid)s) but did not answer within "
                    "%(TIMEOUT)s s; the command may still have been carried out: check "
                    "with `loosen status` before trying again."
                )
                % {"pid": rt.pid, "TIMEOUT": format(TIMEOUT, "g")}
            ) from None
        except (OSError, http.client.HTTPException):
            # closed or reset before the answer, or an answer cut short
            raise _Closed from None
    finally:
        conn.close()


def _unanswered(rt: Runtime, method: str, refused: int, closed: int) -> str:
    tries = refused + closed
    if closed == 0:
        return _(
            "loosen is running (pid %(pid)s) but does not take connections on port "
            "%(port)s now; try again in a moment, or restart it with `loosen stop` and "
            "`loosen start`."
        ) % {"pid": rt.pid, "port": rt.port}
    if method == "GET":
        return _(
            "loosen is running (pid %(pid)s) but closed the connection before answering, "
            "%(tries)s times (it closes the oldest waiting connections when too many are "
            "open, so another program may be flooding it); try again in a moment."
        ) % {"pid": rt.pid, "tries": tries}
    return _(
        "loosen is running (pid %(pid)s) but closed the connection before answering, "
        "%(tries)s times (it closes the oldest waiting connections when too many are open, "
        "so another program may be flooding it); the command may have been carried out: "
        "check with `loosen status` before trying again."
    ) % {"pid": rt.pid, "tries": tries}


def command(app: App, kind: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    return call(app, "POST", f"/api/{kind}", body or {})
