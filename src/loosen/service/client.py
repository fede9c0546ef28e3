"""The CLI's side of the control API: read the runtime file, send one request (stdlib only)."""

from __future__ import annotations

import http.client
import json
from typing import Any

from loosen.app import App
from loosen.errors import LoosenError
from loosen.service.runtime import NotRunning, Runtime, RuntimeFile, runtime_dir


class Refused(LoosenError):
    """The service understood the command and said no (the message says why)."""


def runtime(app: App) -> Runtime:
    rt = RuntimeFile(runtime_dir(app.environ, app.paths.data_dir)).read()
    if rt is None:
        raise NotRunning("loosen is not running; start it with `loosen start`.")
    return rt


def call(app: App, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    rt = runtime(app)
    conn = http.client.HTTPConnection("127.0.0.1", rt.port, timeout=10)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {rt.token}", "Host": f"127.0.0.1:{rt.port}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        payload = json.loads(resp.read() or b"{}")
    except (ConnectionError, OSError):
        raise NotRunning(
            f"loosen is not running (it left a runtime file for pid {rt.pid} that no longer "
            "answers); start it with `loosen start`."
        ) from None
    except ValueError:
        raise LoosenError("The loosen service sent an answer that is not JSON.") from None
    finally:
        conn.close()
    if not payload.get("ok"):
        raise Refused(str(payload.get("error", "The loosen service refused the request.")))
    return payload  # type: ignore[no-any-return]


def command(app: App, kind: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    return call(app, "POST", f"/api/{kind}", body or {})
