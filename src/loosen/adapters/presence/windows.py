"""Windows: a full-screen program or presentation mode, through shell32's
``SHQueryUserNotificationState`` (the state Windows itself uses to hold notifications back).

Not tried on a real Windows machine yet (`loosen doctor` says so); tested with a ctypes fake.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

#: QUERY_USER_NOTIFICATION_STATE values that mean "the user is there, and busy with the screen"
BUSY = {
    2: "a full-screen program",  # QUNS_BUSY
    3: "a full-screen Direct3D program",  # QUNS_RUNNING_D3D_FULL_SCREEN
    4: "presentation mode",  # QUNS_PRESENTATION_MODE
    7: "a full-screen app",  # QUNS_APP
}
S_OK = 0


class NotificationState:
    def __init__(self, shell32: Any | None = None) -> None:
        if shell32 is None:
            if sys.platform != "win32":
                raise RuntimeError("not Windows")
            shell32 = getattr(ctypes, "windll").shell32  # noqa: B009 (absent off Windows)
        fn = shell32.SHQueryUserNotificationState
        fn.argtypes = [ctypes.POINTER(ctypes.c_int)]
        fn.restype = ctypes.c_long  # HRESULT
        self._fn: Any = fn

    def state(self) -> int | None:
        value = ctypes.c_int(0)
        if self._fn(ctypes.pointer(value)) != S_OK:
            return None
        return int(value.value)

    def why(self) -> str:
        """What it sees ("presentation mode"), or "" for nothing that holds a break back."""
        state = self.state()
        return BUSY.get(state, "") if state is not None else ""
