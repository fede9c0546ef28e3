"""A child process the service talks to in JSON lines (the break screen, the pystray tray).

It runs in a session of its own (a Ctrl-C in the service's terminal is not for it) and, on
Windows, without a console window; it is told things one JSON object a line on its stdin and
answers the same way on its stdout. Lines that are not JSON objects are passed over.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any


async def start(command: Sequence[str], environ: Mapping[str, str]) -> asyncio.subprocess.Process:
    """Start the child (OSError when it cannot be)."""
    return await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=dict(environ),
        start_new_session=True,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )


def send(proc: asyncio.subprocess.Process | None, message: Mapping[str, Any]) -> bool:
    """Write ``message`` as a line to the child; False when it is gone or going."""
    if proc is None or proc.stdin is None or proc.stdin.is_closing():
        return False
    with contextlib.suppress(OSError, RuntimeError):
        proc.stdin.write(json.dumps(message).encode() + b"\n")
        return True
    return False


async def heard(proc: asyncio.subprocess.Process) -> AsyncIterator[dict[str, Any]]:
    """What the child says, a JSON object a line, until its stdout ends."""
    assert proc.stdout is not None
    while line := await proc.stdout.readline():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict):
            yield message
