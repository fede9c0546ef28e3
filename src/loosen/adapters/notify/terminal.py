"""The fallback when no notification server answers: a line on the service's output."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import IO

from loosen.ports import ButtonId, NotificationKind

COMMANDS = {
    "start": "loosen break",
    "snooze": "loosen snooze",
    "skip": "loosen skip",
    "yes": "loosen moved --yes",
    "no": "loosen moved --no",
    "warmup": "loosen stretch pre-run",
}


class TerminalNotifier:
    name = "terminal"

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout

    async def show(
        self,
        kind: NotificationKind,
        title: str,
        body: str,
        buttons: list[tuple[ButtonId, str]],
        on_button: Callable[[ButtonId], Awaitable[None]],
    ) -> None:
        hint = " | ".join(f"{label}: `{COMMANDS[bid]}`" for bid, label in buttons)
        stamp = datetime.now().astimezone().strftime("%H:%M")
        self.out.write(f"[{stamp}] {title} {body}" + (f" ({hint})" if hint else "") + "\n")
        self.out.flush()

    async def withdraw(self) -> None:
        return None

    async def close(self) -> None:
        return None
