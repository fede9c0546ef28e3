"""Who may use the web app: the per-run token, one-time tickets and the browser's sessions.

`loosen open` (or the break notification) asks the service for a ticket with the token, then
opens a 0600 file that forwards the browser to ``http://<label>.localhost:PORT/login?ticket=...``.
The ticket works once, for a minute, and becomes an HttpOnly, SameSite=Strict, host-only cookie
holding a session value made for that login alone and kept only in the service's memory:

- the host name is the user's own (``<label>.localhost``, the label random and kept 0600), so the
  browser never sends the cookie to another local server, whatever its port (cookies ignore
  ports, but not host names, and nobody else can guess the label);
- a stolen or old value stops working when the service stops (every start begins with no
  sessions), and only the newest ``MAX_SESSIONS`` logins are kept.

The label is never said to a client that has neither the token nor a valid ticket (no
redirect, header or page names it, see ``pages.login``), and it is not rotated on a bad ticket
(that would let anyone change the user's address at will; bookmarks keep it).

The CLI and other programs of the user use the token (``Authorization: Bearer ...``), on
``127.0.0.1`` or the per-user name; the cookie counts only on the per-user name.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping

COOKIE = "loosen_session"
TICKET_SECONDS = 60.0
MAX_SESSIONS = 32  # logins kept at once; the oldest is forgotten first


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


class Access:
    def __init__(
        self,
        token: str,
        web_host: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_redeem: Callable[[str], None] | None = None,
    ) -> None:
        self.token = token
        self.web_host = web_host.lower() if web_host else None  # "<label>.localhost", no port
        self._tickets: dict[str, float] = {}
        self._sessions: dict[bytes, float] = {}  # digest of the cookie value -> when made
        self._clock = clock
        self._on_redeem = on_redeem  # e.g. delete the forwarding file that carried the ticket

    def new_ticket(self) -> str:
        now = self._clock()
        self._tickets = {t: exp for t, exp in self._tickets.items() if exp > now}
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = now + TICKET_SECONDS
        return ticket

    def redeem(self, ticket: str) -> bool:
        """True once for a ticket that was handed out less than a minute ago."""
        expires = self._tickets.pop(ticket, None)
        if self._on_redeem is not None and expires is not None:
            self._on_redeem(ticket)
        return expires is not None and expires > self._clock()

    def new_session(self) -> str:
        """A fresh cookie value for one login (the oldest session goes beyond MAX_SESSIONS)."""
        value = secrets.token_urlsafe(32)
        self._sessions[_digest(value)] = self._clock()
        while len(self._sessions) > MAX_SESSIONS:
            del self._sessions[next(iter(self._sessions))]
        return value

    def has_token(self, headers: Mapping[str, str]) -> bool:
        given = headers.get("authorization", "")
        return bool(given) and hmac.compare_digest(
            given.encode("latin-1", "replace"), f"Bearer {self.token}".encode()
        )

    def on_web_host(self, headers: Mapping[str, str]) -> bool:
        """The request is addressed to the per-user host name (the only one with cookies)."""
        if self.web_host is None:
            return False
        name = headers.get("host", "").rsplit(":", 1)[0].lower()
        return name == self.web_host

    def allows(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> bool:
        if self.has_token(headers):
            return True
        cookie = cookies.get(COOKIE, "")
        # a dict lookup by digest: the time it takes says nothing about the secret
        return bool(cookie) and self.on_web_host(headers) and _digest(cookie) in self._sessions
