"""Where a calendar comes from: a local .ics file or an https:// / webcal:// address.

Addresses are fetched with conditional requests (ETag / Last-Modified) and cached; when the network
or the server fails, or the data is not a calendar, the last good copy keeps working and the
problem is reported. A broken local file likewise never stops the service.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loosen.adapters.calendar.ics import CalendarFileError, read
from loosen.i18n import _

TIMEOUT = 20


@dataclass(frozen=True, slots=True)
class Loaded:
    calendar: Any | None  # a parsed VCALENDAR, or None when there is nothing usable at all
    problem: str | None  # why the fresh copy could not be used (the cached one may be in use)
    from_cache: bool
    notes: tuple[str, ...] = ()  # oddities of the file that was read (each a sentence)


def normalize(spec: str) -> str:
    """webcal:// is https:// (the "secret address" calendars give out); paths become absolute."""
    if spec.startswith("webcal://"):
        return "https://" + spec[len("webcal://") :]
    if spec.startswith(("https://", "http://")):
        return spec
    return str(Path(spec).expanduser().resolve())


def address_problem(spec: str) -> str | None:
    """Why ``spec``, an address, cannot be a calendar to follow, in one sentence, or None.

    A control character (a line break, an escape code) in an address would make the request
    fail, or smuggle a header into it. The address is named without its secret path
    (``display``), the character by its code. (A file name may hold anything the file system
    allows; it is only ever shown escaped.)"""
    from loosen.safetext import first_control, name_of, visible_line

    if not is_url(normalize(spec)):
        return None
    shown = visible_line(display(normalize(spec)))
    bad = first_control(spec) or next((c for c in spec if c in "\n\t "), None)
    if bad is None:
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(normalize(spec))
            parts.port  # noqa: B018 (a port that is no number raises here)
        except ValueError as exc:
            return _(
                "The calendar address %(address)s cannot be read as an address (%(why)s); check it."
            ) % {"address": shown, "why": exc}
        return None
    what = _("a space") if bad == " " else name_of(bad)
    return _(
        "The calendar address %(address)s holds %(what)s, which no address may; check it (a "
        "character may have come with it when it was copied) and add it again."
    ) % {"address": shown, "what": what}


def is_url(spec: str) -> bool:
    return spec.startswith(("https://", "http://"))


def display(spec: str) -> str:
    """An address without its secret path (calendar addresses are passwords)."""
    if not is_url(spec):
        return spec
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(spec)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not even a host to show (an unclosed "[", a port that is no number)
        return spec.split("://", 1)[0] + "://…"
    return f"{parts.scheme}://{parts.hostname}{port}/…"


class CalendarSource:
    def __init__(self, spec: str, cache_dir: Path) -> None:
        self.spec = normalize(spec)
        self.key = key = hashlib.sha256(self.spec.encode()).hexdigest()[:16]  # no secret in it
        self.cache = cache_dir / f"{key}.ics"
        self.meta = cache_dir / f"{key}.json"

    def load(self) -> Loaded:
        if is_url(self.spec):
            return self._load_url()
        path = Path(self.spec)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Loaded(
                None,
                _("%(path)s cannot be read (%(why)s)") % {"path": path, "why": exc.strerror or exc},
                False,
            )
        try:
            cal, notes = read(data)
        except CalendarFileError as exc:
            return Loaded(None, f"{path}: {exc}", False)
        return Loaded(cal, None, False, tuple(notes))

    def _cached(self, problem: str | None) -> Loaded:
        """The last good copy, with ``problem`` (why the fresh one was not used), if any."""
        try:
            cal, notes = read(self.cache.read_bytes())
        except (OSError, CalendarFileError):
            return Loaded(None, problem, False)
        if problem is not None:
            problem = _("%(problem)s; using the last good copy") % {"problem": problem}
        return Loaded(cal, problem, True, tuple(notes))

    def _load_url(self) -> Loaded:
        meta: dict[str, str] = {}
        try:
            meta = json.loads(self.meta.read_text())
        except (OSError, ValueError):
            meta = {}
        headers = {"User-Agent": "loosen (local movement-break coach)"}
        if self.cache.exists():
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        where = display(self.spec)
        try:
            req = urllib.request.Request(self.spec, headers=headers)
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                data = resp.read()
                etag = resp.headers.get("ETag")
                modified = resp.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return self._cached(None)
            return self._cached(
                _("%(where)s answered %(code)s %(reason)s")
                % {"where": where, "code": exc.code, "reason": exc.reason}
            )
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            return self._cached(
                _("%(where)s cannot be reached (%(why)s)") % {"where": where, "why": reason}
            )
        except (ValueError, http.client.HTTPException) as exc:  # an address http.client refuses
            return self._cached(
                _("%(where)s is not an address that can be fetched (%(why)s)")
                % {"where": where, "why": exc}
            )
        try:
            cal, notes = read(data)
        except CalendarFileError as exc:
            return self._cached(f"{where}: {exc}")
        from loosen.private import write_private

        write_private(self.cache, data)
        write_private(
            self.meta,
            json.dumps(
                {
                    "etag": etag or "",
                    "last_modified": modified or "",
                    "fetched_at": datetime.now(UTC).isoformat(),
                }
            ),
        )
        return Loaded(cal, None, False, tuple(notes))
