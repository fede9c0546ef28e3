"""loosen's files are the user's alone: folders 0700, files 0600, from the first write.

The history holds check-in answers, ``calendars.json`` secret calendar addresses, the log what
the service did: none of it is for other users of the machine. Every entry point sets the umask
to 0o077 first (so whatever a library creates, SQLite's -wal/-shm files too, is private), and the
places that create loosen's own files ask for the modes explicitly as well. `loosen doctor`
reports any file or folder whose permissions were loosened later (``loose``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

UMASK = 0o077


def use_private_umask() -> None:
    os.umask(UMASK)


def private_dir(path: Path) -> Path:
    """``path`` and any missing parents, created 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (before a library opens it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def write_private(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (a 0600 temporary file beside it, renamed over it)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def open_log(path: Path) -> int:
    """A file descriptor to append to ``path``, created 0600."""
    private_dir(path.parent)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def _walk(roots: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        if root in seen or not root.is_dir() or root.is_symlink():
            continue
        seen.add(root)
        yield root
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
            for name in (*dirs, *files):
                yield Path(folder) / name


def loose(roots: Iterable[Path]) -> list[str]:
    """One sentence for each file or folder under ``roots`` that others may read or write."""
    found = []
    for path in _walk(roots):
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
            continue
        folder = stat.S_ISDIR(st.st_mode)
        kind, fix = ("The folder", "700") if folder else ("The file", "600")
        found.append(
            f"{kind} {path} is open to other users (mode {stat.S_IMODE(st.st_mode):04o}). "
            f"Fix: chmod {fix} '{path}'"
        )
    return found
