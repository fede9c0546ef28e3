"""Connections to the local server: no local process can use them all up.

Any local process may connect to 127.0.0.1 without the token. Stock uvicorn keeps a connection
that never sends a request forever (its keep-alive timeout starts only after a response), so
about a thousand idle connections used up the service's file descriptors and nothing, the CLI
included, got in. ``GuardedH11`` (uvicorn's h11 protocol, which ``Server.startup`` builds for
every connection) adds:

- a deadline for each request to arrive whole, headers and body (``REQUEST_SECONDS``): a client
  that sends nothing, or sends it a byte at a time (slowloris), is cut off. One timer handle per
  connection, only while a request is awaited: an idle service has no connection, so no timer;
- at most ``MAX_CONNECTIONS`` open at once: a new connection beyond that closes the oldest one
  that is not being answered (idle, or its request still incomplete), so a flood of idle
  connections makes room for the next honest one instead of shutting it out. Requests being
  answered are never cut; live event streams are capped apart (``loosen.web.hub``).

uvicorn's ``limit_concurrency`` is not used: it answers 503 in plain text to the newest request
while the idle connections that cause it stay open.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

from loosen.web.http_errors import JSONErrorProtocol

log = logging.getLogger("loosen.service")

REQUEST_SECONDS = 10.0  # from connecting (or the last answer) to a whole request
MAX_CONNECTIONS = 128  # well below the file-descriptor limit (1024 at least)
_order = itertools.count()


class GuardedH11(JSONErrorProtocol):
    request_seconds = REQUEST_SECONDS
    max_connections = MAX_CONNECTIONS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self.opened = next(_order)
        super().connection_made(transport)
        self._arm()
        live = [c for c in self.connections if not c.transport.is_closing()]
        if len(live) > self.max_connections:
            self._make_room(live)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.answering():
            self._disarm()  # the whole request is in: the answer may take as long as it needs

    def on_response_complete(self) -> None:
        # the next request on this connection must come whole in time, too (armed first: a
        # pipelined request that is already whole disarms it again in handle_events)
        if not self.transport.is_closing():
            self._arm()
        super().on_response_complete()

    def answering(self) -> bool:
        """A whole request is in and its answer is not finished."""
        cycle = self.cycle
        return cycle is not None and not cycle.more_body and not cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_seconds, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.answering():
            self.cut()

    def cut(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()

    def _make_room(self, live: list[Any]) -> None:
        idle = [
            c for c in live if isinstance(c, GuardedH11) and c is not self and not c.answering()
        ]
        victim: Any = min(idle, key=lambda c: c.opened) if idle else self
        victim.cut()


def raise_file_limit(want: int = 4096) -> None:
    """Raise the soft limit on open files towards the hard one (room for the connection cap)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as exc:
            log.warning("the open-file limit stays at %s (%s)", soft, exc)
