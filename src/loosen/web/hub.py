"""Server-Sent Events: the service pushes what changed to every open page.

Nothing runs while no page is connected: ``publish`` with no subscribers returns at once, and a
connected page costs no wake-ups of its own (no keep-alive ticks; the connection is local).
At most ``MAX_STREAMS`` streams are open at once; one more is refused (503, the JSON error shape)
rather than letting them pile up memory the process never gives back.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

MAX_QUEUED = 32
MAX_STREAMS = 16  # open pages at once; each holds a connection and some memory until it goes


class Hub:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str]] = set()

    @property
    def listeners(self) -> int:
        return len(self._queues)

    @property
    def full(self) -> bool:
        return len(self._queues) >= MAX_STREAMS

    def publish(self, event: str, data: Any) -> None:
        if not self._queues:
            return
        message = f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
        for q in list(self._queues):
            if q.qsize() >= MAX_QUEUED:  # a page that stopped reading: end its stream
                self._queues.discard(q)
                q.put_nowait("")
                continue
            q.put_nowait(message)

    async def stream(self, first: list[tuple[str, Any]]) -> AsyncIterator[str]:
        """The messages for one page: ``first`` at once, then every published event."""
        if self.full:  # filled up between the check in the route and now: end at once
            return
        q: asyncio.Queue[str] = asyncio.Queue()
        self._queues.add(q)
        try:
            yield "retry: 2000\n\n"
            for event, data in first:
                yield f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
            while q in self._queues:
                message = await q.get()
                if not message:  # the service is stopping
                    return
                yield message
        finally:
            self._queues.discard(q)

    def close(self) -> None:
        """End every stream (the service is stopping: open pages must not hold it up)."""
        for q in list(self._queues):
            q.put_nowait("")
