"""uvicorn's own answer to a request it cannot parse, in the web app's one JSON error shape.

A malformed request (a bad header line, garbage instead of a request line, an invalid
Content-Length) never reaches the app: uvicorn's HTTP protocol answers it with a plain-text 400
itself. :class:`JSONErrorProtocol` is that protocol with the answer in the shape every other error
has, ``{"ok": false, "error": "...", "status": 400}``, and the same security headers; it is given
to uvicorn as its ``http`` protocol class by the service.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from loosen.web.security import CSP

MESSAGE = "This is not a valid HTTP request, so loosen did not read it; send a well-formed one."


def bad_request_body() -> bytes:
    return json.dumps({"ok": False, "error": MESSAGE, "status": 400}).encode()


class JSONErrorProtocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:  # msg: uvicorn's own words, for its log
        body = bad_request_body()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
