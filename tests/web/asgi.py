"""The web app in-process for API tests: httpx's ASGI transport, a recording stand-in service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from loosen.app import App
from loosen.web.app import create_app
from loosen.web.auth import Access
from loosen.web.context import WebContext
from loosen.web.hub import Hub

TOKEN = "test-token"


class RecordingControl:
    """The running service as the web app sees it: records commands, answers ``answer``."""

    def __init__(
        self,
        answer: str = "Done.",
        status: Callable[[RecordingControl], dict[str, Any]] | None = None,
    ) -> None:
        self.commands: list[tuple[str, dict[str, Any]]] = []
        self.answer = answer
        self._status = status

    def status(self) -> dict[str, Any]:
        return self._status(self) if self._status is not None else {}

    def timeline(self) -> dict[str, Any]:
        return {}

    def open_prompt(self) -> dict[str, Any] | None:
        return None

    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        self.commands.append((kind, dict(body)))
        return True, self.answer


class WebClient:
    """The web app of a home of its own, called in-process with the token (unless told not to)."""

    def __init__(
        self,
        home: Path,
        *,
        control: RecordingControl | None = None,
        env: Mapping[str, str] | None = None,
        reconfigure: Callable[[], Awaitable[list[str]]] | None = None,
        extra_modules: tuple[str, ...] = (),
    ) -> None:
        environ = {
            "LOOSEN_CONFIG_DIR": str(home / "config"),
            "LOOSEN_DATA_DIR": str(home / "data"),
            **(env or {}),
        }

        async def nothing() -> list[str]:
            return []

        self.app = App.from_environ(environ)
        self.control = control or RecordingControl()
        ctx = WebContext(self.app, self.control, Hub(), Access(TOKEN), reconfigure or nothing)
        self.asgi = create_app(ctx, extra_modules)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        token: bool = True,
    ) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.asgi)
            headers = {"Authorization": f"Bearer {TOKEN}"} if token else {}
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                if content is not None:
                    return await c.request(method, path, content=content, headers=headers)
                return await c.request(method, path, json=json, headers=headers)

        # a loop of its own, in a thread: Playwright's sync API may hold one in this thread
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()
