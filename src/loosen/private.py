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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from loosen.i18n import _

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
        values = {"path": path, "mode": f"{stat.S_IMODE(st.st_mode):04o}"}
        found.append(
            (
                _(
                    "The folder %(path)s is open to other users (mode %(mode)s). "
                    "Fix: chmod 700 '%(path)s'"
                )
                if folder
                else _(
                    "The file %(path)s is open to other users (mode %(mode)s). "
                    "Fix: chmod 600 '%(path)s'"
                )
            )
            % values
        )
    return found


# loosen's own entries in its data and config folders (the runtime folder is all loosen's);
# a folder matched here is loosen's with everything in it
DATA_NAMES = (
    "history*.sqlite3*",  # the database, its -wal/-shm/-journal, backups, damaged copies
    ".history*",  # their temporary files
    "service.*",  # the log, the runtime file and lock (without a runtime folder)
    "calendars.json",
    ".calendars.json.tmp",
    "calendar-cache",
    "web-host*",
    "web-secret",
    "open-*.html",
)
CONFIG_NAMES = ("settings.toml", ".settings.toml.tmp", "routines")


def tighten(folders: Iterable[tuple[Path, Sequence[str] | None]]) -> list[Path]:
    """Take the group's and others' permissions off loosen's own files and folders.

    ``folders``: (folder, the patterns of loosen's entries in it, or None when everything in
    it is loosen's). Only loosen's entries are changed, and a folder itself only when
    everything in it is loosen's (a data folder shared with other files is left to `loosen
    doctor`'s warning). Symbolic links are never followed, nor is anything changed that is
    not the user's own or is neither a regular file nor a folder. Installs from before files
    were created private (folders 0755, files 0644; SQLite copies the database's mode to its
    -wal/-shm files) are put right this way. Returns what was changed.
    """
    if os.name != "posix":
        return []
    changed: list[Path] = []
    for folder, names in folders:
        _tighten_folder(folder, names, changed)
    return changed


def _tighten_folder(folder: Path, names: Sequence[str] | None, changed: list[Path]) -> None:
    import fnmatch

    try:
        st = folder.lstat()
        entries = list(os.scandir(folder)) if stat.S_ISDIR(st.st_mode) else []
    except OSError:
        return
    if not stat.S_ISDIR(st.st_mode):
        return
    all_ours = True
    for entry in entries:
        if names is not None and not any(fnmatch.fnmatchcase(entry.name, n) for n in names):
            all_ours = False
            continue
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            _tighten_folder(path, None, changed)
        elif stat.S_ISREG(mode):
            _tighten_one(path, changed)
    if all_ours:
        _tighten_one(folder, changed)


def _tighten_one(path: Path, changed: list[Path]) -> None:
    try:
        st = path.lstat()
    except OSError:
        return
    if st.st_uid != os.geteuid() or not st.st_mode & 0o077:
        return
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return
    try:  # never through a symbolic link put in its place meanwhile
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o077, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return
    changed.append(path)
