"""Opening the browser without a secret in any command line.

A program's arguments are public on Linux (``/proc/PID/cmdline`` is readable by every user), so
the one-time login address never goes on the browser's command line. Instead a small HTML file,
readable only by the user (0600, in the user's runtime folder), forwards the browser to it, and
the browser is started on that file's path, as Jupyter does with its ``*-open.html`` file. The
service deletes the file when its ticket is used, and any left over once its ticket has expired.

A browser installed as a snap (Ubuntu's Firefox and Chromium) cannot read the runtime folder,
``/tmp`` or hidden folders of the home: where the desktop's default browser is a snap, the file
goes in that snap's own folder instead (``~/snap/<name>/common/loosen``, which it can read).

Also here: the per-user host name the web app is served on (``<label>.localhost``).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
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
    from loosen.i18n import _, language

    # (translated outside the f-strings: the extractor sees no call inside one)
    go_on = html.escape(_("Go on"))
    title = html.escape(_("Opening loosen"))
    link = f'<a href="{target}">{go_on}</a>'
    text = html.escape(_("Opening loosen… %(link)s if nothing happens.")) % {"link": link}
    page = (
        f"<!doctype html>\n<html lang={language().replace('_', '-')}><head><meta charset=utf-8>\n"
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta http-equiv="refresh" content="0;url={target}">\n'
        f"<title>{title}</title></head>\n"
        f"<body><p>{text}</p></body></html>\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(page)
    return path


def remove(folder: Path, ticket: str) -> None:
    """Delete the forwarding file of ``ticket`` (in ``folder`` or a snap browser's folder)."""
    for f in (folder, *snap_folders(os.environ)):
        with contextlib.suppress(OSError):
            file_for(f, ticket).unlink()


def sweep(folder: Path, older_than: float = TICKET_SECONDS) -> None:
    """Delete forwarding files whose ticket has expired (or all of them, with 0)."""
    now = time.time()
    for f in (folder, *snap_folders(os.environ)):
        with contextlib.suppress(OSError):
            for path in f.glob(f"{PREFIX}*{SUFFIX}"):
                with contextlib.suppress(OSError):
                    if now - path.lstat().st_mtime >= older_than:
                        path.unlink()


def snap_folders(environ: Mapping[str, str]) -> list[Path]:
    """The forwarding folders of snap browsers that exist (``~/snap/*/common/loosen``)."""
    home = environ.get("HOME")
    if not home or not sys.platform.startswith("linux"):
        return []
    return sorted(Path(home).glob("snap/*/common/loosen"))


SNAP_DESKTOP = re.compile(r"([a-z0-9][a-z0-9-]*)_[A-Za-z0-9._-]+\.desktop")


def folder_for_browser(runtime: Path, environ: Mapping[str, str]) -> Path:
    """Where a forwarding file goes so the browser `xdg-open` starts can read it.

    The runtime folder, unless the default browser is a snap (its desktop file is named
    ``<snap>_<app>.desktop``): then that snap's own folder, which the browser may read.
    """
    home = environ.get("HOME")
    if not sys.platform.startswith("linux") or environ.get("BROWSER") or not home:
        return runtime
    found = shutil.which("xdg-settings", path=environ.get("PATH"))
    if found is None:
        return runtime
    try:
        out = subprocess.run(
            [found, "get", "default-web-browser"],
            capture_output=True,
            text=True,
            timeout=5,
            env=dict(environ),
            stdin=subprocess.DEVNULL,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return runtime
    m = SNAP_DESKTOP.fullmatch(out)
    snap_home = Path(home) / "snap" / m[1] if m else None
    if snap_home is None or not snap_home.is_dir():
        return runtime
    return snap_home / "common" / "loosen"


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
