"""Opening the browser without a secret in any command line.

A program's arguments are public on Linux (``/proc/PID/cmdline`` is readable by every user), so
the one-time login address never goes on the browser's command line. Instead a small HTML file,
readable only by the user (0600, in the user's runtime folder), forwards the browser to it, and
the browser is started on that file's path, as Jupyter does with its ``*-open.html`` file. The
service deletes the file when its ticket is used, and any left over once its ticket has expired.

Also here: the per-user host name the web app is served on (``<label>.localhost``).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import secrets
import time
from pathlib import Path

from loosen.web.auth import TICKET_SECONDS

PREFIX = "open-"
SUFFIX = ".html"


def file_for(folder: Path, ticket: str) -> Path:
    """Where the forwarding file of ``ticket`` goes (named by a digest, never by the ticket)."""
    digest = hashlib.sha256(ticket.encode()).hexdigest()[:24]
    return folder / f"{PREFIX}{digest}{SUFFIX}"


def write(folder: Path, ticket: str, url: str) -> Path:
    """A 0600 page that sends the browser on to ``url`` at once (no script: meta refresh)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    sweep(folder)
    path = file_for(folder, ticket)
    target = html.escape(url, quote=True)
    page = (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>\n"
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta http-equiv="refresh" content="0;url={target}">\n'
        "<title>Opening loosen</title></head>\n"
        f'<body><p>Opening loosen… <a href="{target}">Go on</a> if nothing happens.</p>'
        "</body></html>\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(page)
    return path


def remove(folder: Path, ticket: str) -> None:
    with contextlib.suppress(OSError):
        file_for(folder, ticket).unlink()


def sweep(folder: Path, older_than: float = TICKET_SECONDS) -> None:
    """Delete forwarding files whose ticket has expired (or all of them, with 0)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime >= older_than:
                    path.unlink()


def web_host(data_dir: Path) -> str:
    """The user's own host name for the web app, ``<label>.localhost``, kept in ``web-host``.

    Random (96 bits) and readable only by the user, so no other local user can name it, and
    steady across restarts, so a bookmark keeps its address.
    """
    path = data_dir / "web-host"
    try:
        label = path.read_text().strip()
        if len(label) == 24 and all(c in "0123456789abcdef" for c in label):
            return f"{label}.localhost"
    except OSError:
        pass
    label = secrets.token_hex(12)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(label + "\n")
    os.replace(tmp, path)
    return f"{label}.localhost"
