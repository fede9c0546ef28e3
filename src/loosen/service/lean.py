"""What the long-running service process leaves out: OpenSSL, and uvicorn's command line.

Installed by `python -m loosen.service` before anything else is imported; each saves memory the
whole session long (measured in bench/README.md). Other programs (the CLI, the tests) import the
real modules as usual.

**OpenSSL.** The service never speaks TLS: a stand-in `ssl` module.

The service listens on 127.0.0.1 over plain HTTP and talks to D-Bus and X11 over local sockets;
calendars are fetched by a short-lived child process, which has the real `ssl`. Yet asyncio,
uvicorn and anyio import `ssl` at start, and OpenSSL's initialisation alone costs about 2.6 MB,
a tenth of the service's memory. Installed before those imports, this module answers their
import-time needs (exception and class names, a few constants) and refuses any actual use;
hashlib and hmac are left to Python's own digests.
"""

from __future__ import annotations

import sys
import types
from typing import Any, NoReturn


class _NoTLS(OSError):
    pass


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise _NoTLS("The loosen service does not use TLS (ssl is not loaded in this process).")


class _Refusing:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _refuse()


def install() -> None:
    """Put both in place (unless the real modules are already loaded)."""
    _no_tls()
    _bare_uvicorn()


def _bare_uvicorn() -> None:
    """uvicorn as a bare package: its ``__init__`` imports ``uvicorn.main`` (the command line,
    click, the multiprocessing supervisors: about 1.5 MB), none of which the service uses; it
    needs only ``uvicorn.config`` and ``uvicorn.server`` (uvicorn is pinned: see pyproject)."""
    import importlib.util

    if "uvicorn" in sys.modules:
        return
    spec = importlib.util.find_spec("uvicorn")
    if spec is None or not spec.submodule_search_locations:
        return
    pkg = types.ModuleType("uvicorn", "uvicorn, without its command line (loosen.service.lean)")
    pkg.__path__ = list(spec.submodule_search_locations)
    pkg.__spec__ = spec

    def attribute(name: str) -> Any:  # `from uvicorn import Config`, as uvicorn's modules do
        if name == "Config":
            from uvicorn.config import Config

            return Config
        if name == "Server":
            from uvicorn.server import Server

            return Server
        raise AttributeError(f"module 'uvicorn' has no attribute {name!r}")

    pkg.__getattr__ = attribute  # type: ignore[method-assign]
    sys.modules["uvicorn"] = pkg


def _no_tls() -> None:
    """Put the stand-in `ssl` in place unless the real module is already loaded."""
    if "ssl" in sys.modules:
        return
    mod = types.ModuleType("ssl", __doc__)
    for name in (
        "SSLError",
        "SSLEOFError",
        "SSLZeroReturnError",
        "SSLWantReadError",
        "SSLWantWriteError",
        "SSLSyscallError",
        "SSLCertVerificationError",
        "CertificateError",
    ):
        setattr(mod, name, type(name, (_NoTLS,), {}))
    for name in ("SSLContext", "SSLSocket", "SSLObject", "MemoryBIO", "SSLSession"):
        setattr(mod, name, type(name, (_Refusing,), {}))
    mod.VerifyMode = int  # type: ignore[attr-defined]
    mod.CERT_NONE = 0  # type: ignore[attr-defined]
    mod.CERT_OPTIONAL = 1  # type: ignore[attr-defined]
    mod.CERT_REQUIRED = 2  # type: ignore[attr-defined]
    mod.PROTOCOL_TLS_SERVER = 17  # type: ignore[attr-defined]
    mod.PROTOCOL_TLS_CLIENT = 16  # type: ignore[attr-defined]
    mod.HAS_SNI = False  # type: ignore[attr-defined]
    mod.create_default_context = _refuse  # type: ignore[attr-defined]
    mod.wrap_socket = _refuse  # type: ignore[attr-defined]
    mod.loosen_stand_in = True  # type: ignore[attr-defined]
    sys.modules["ssl"] = mod
    # hashlib and hmac use OpenSSL's libcrypto when `_hashlib` imports, and fall back to
    # Python's own digests (and operator's compare_digest) when it does not
    if "_hashlib" not in sys.modules:
        sys.modules["_hashlib"] = None  # type: ignore[assignment]
