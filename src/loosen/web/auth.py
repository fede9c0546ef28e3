"""Who may use the web app: the per-run token, one-time tickets and the browser's cookie.

`loosen open` (or the break notification) asks the service for a ticket with the token, then
opens ``/login?ticket=...`` in the browser. The ticket works once, for a minute, and becomes an
HttpOnly, SameSite=Strict cookie holding a secret kept in the data folder (so a bookmark still
works after a restart); no token sits in the browser's history and no other site can send the
cookie along.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Mapping

COOKIE = "loosen_session"
TICKET_SECONDS = 60.0


class Access:
    def __init__(
        self,
        token: str,
        cookie_secret: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.cookie_secret = cookie_secret or secrets.token_urlsafe(32)
        self._tickets: dict[str, float] = {}
        self._clock = clock

    def new_ticket(self) -> str:
        now = self._clock()
        self._tickets = {t: exp for t, exp in self._tickets.items() if exp > now}
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = now + TICKET_SECONDS
        return ticket

    def redeem(self, ticket: str) -> bool:
        """True once for a ticket that was handed out less than a minute ago."""
        expires = self._tickets.pop(ticket, None)
        return expires is not None and expires > self._clock()

    def allows(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> bool:
        given = headers.get("authorization", "")
        if given and hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
            return True
        cookie = cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie.encode(), self.cookie_secret.encode())
