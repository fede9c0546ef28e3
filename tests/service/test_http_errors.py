"""Errors that come from the HTTP layer, not a route, from the real server: the one JSON shape."""

from __future__ import annotations

import json
import socket

import pytest

pytestmark = pytest.mark.slow


def exchange(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    """(status line, headers, body) of the server's answer to the raw ``request``."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                headers = dict(
                    line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:]
                )
                lowered = {k.lower(): v for k, v in headers.items()}
                length = int(lowered.get("content-length", "-1"))
                if length >= 0 and len(body) >= length:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines[0], {k.lower(): v for k, v in (x.split(": ", 1) for x in lines[1:])}, body


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
        b"POST /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    ],
    ids=["request-line", "header-line", "content-length"],
)
def test_a_malformed_request_gets_the_json_error_shape(service, request_bytes):
    service.start()
    status, headers, body = exchange(int(service.runtime["port"]), request_bytes)
    assert status == "HTTP/1.1 400 Bad Request"
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {
        "ok": False,
        "error": "This is not a valid HTTP request, so loosen did not read it; send a "
        "well-formed one.",
        "status": 400,
    }


def test_unknown_paths_and_methods_get_the_json_error_shape(service):
    service.start()
    port, token = int(service.runtime["port"]), str(service.runtime["token"])
    host = f"127.0.0.1:{port}".encode()  # the Host must name this server exactly, port included
    status, headers, body = exchange(port, b"GET /nope HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
    assert status == "HTTP/1.1 404 Not Found" and headers["content-type"] == "application/json"
    assert json.loads(body) == {"ok": False, "error": "Not found.", "status": 404}
    status, _, body = exchange(
        port,
        b"DELETE /api/status HTTP/1.1\r\nHost: "
        + host
        + b"\r\nAuthorization: Bearer "
        + token.encode()
        + b"\r\n\r\n",
    )
    assert status == "HTTP/1.1 405 Method Not Allowed"
    assert json.loads(body) == {"ok": False, "error": "Method not allowed.", "status": 405}
