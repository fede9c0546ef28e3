"""What every web route may use, handed down by the service's composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.web.auth import Access
    from loosen.web.hub import Hub


class ServiceControl(Protocol):
    """The running service as the web app sees it (the Runner implements it)."""

    def status(self) -> dict[str, Any]: ...

    def timeline(self) -> dict[str, Any]:
        """Today's sitting bouts, events and busy blocks, for the dashboard's picture."""
        ...

    def open_prompt(self) -> dict[str, Any] | None:
        """The break prompt on screen now (as sent to pages), or None."""
        ...

    async def command(self, kind: str, body: Mapping[str, Any]) -> tuple[bool, str]:
        """(ok, message); a refused command is ok=False with the reason."""
        ...


@dataclass
class WebContext:
    app: App  # paths, settings (as loaded at start), catalog, history
    control: ServiceControl
    hub: Hub
    access: Access
    # apply settings saved from the settings page without a restart; returns problems, if any
    reconfigure: Callable[[], Awaitable[list[str]]]
