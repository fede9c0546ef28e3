"""The web app's files (HTML, CSS, ES modules, vendored libraries), shipped as package data.

Read from the package on each request: they are small, the server is local, and nothing is kept
in the service's memory between visits.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from loosen.i18n import _

ROOT = Path(__file__).with_name("static")
MAX_PATH = 200  # characters: the longest of our files' paths is far shorter
MAX_NAME = 100
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}


def read(relative: str) -> tuple[bytes, str] | None:
    """The bytes and content type of a file under static/, or None (never outside it)."""
    if not relative or len(relative) > MAX_PATH or relative.startswith("/") or "\\" in relative:
        return None
    parts = relative.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or len(p) > MAX_NAME for p in parts):
        return None
    path = ROOT.joinpath(*parts)
    kind = TYPES.get(path.suffix)
    try:
        if kind is None or not path.is_file():
            return None
        return path.read_bytes(), kind
    except OSError:  # whatever the file system says of a strange name, it is not one of ours
        return None


def file_response(relative: str, status: int = 200) -> Response:
    found = read(relative)
    if found is None:
        from loosen.web.security import error

        return error(_("Not found."), 404)
    body, kind = found
    return Response(body, status_code=status, media_type=kind)


async def static(request: Request) -> Response:
    return file_response(request.path_params["path"])
