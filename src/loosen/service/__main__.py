"""`python -m loosen.service`: the break service itself, without the command-line framework.

`loosen start` checks the settings, then replaces itself with this program (``exec``, same
process id), so the long-running service does not carry click and the CLI's modules (about
2 MB) for the whole session. `loosen start --detach` starts it directly. Errors end as in the
CLI: one "loosen: ..." line per problem on stderr, exit status 1 (130 when interrupted).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.umask(0o077)  # the service's files are the user's alone (loosen.private), from the first
    from loosen.service.lean import install

    install()  # before asyncio and uvicorn import `ssl`, and before uvicorn is imported
    import asyncio
    import logging

    from loosen.app import App
    from loosen.errors import LoosenError
    from loosen.i18n import _
    from loosen.service.app import serve

    debug = os.environ.get("LOOSEN_DEBUG") == "1"
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    app = App.from_environ(os.environ)

    def ready(rt: object) -> None:
        pid, url = getattr(rt, "pid", "?"), getattr(rt, "url", "")
        said = _("loosen is running (pid %(pid)s, %(url)s); Ctrl-C stops it.")
        sys.stdout.write(said % {"pid": pid, "url": url} + "\n")
        sys.stdout.flush()

    try:
        settings = app.settings  # a settings problem is reported before anything starts
        from loosen.i18n.startup import start

        start(os.environ, setting=settings.ui.language)
        return asyncio.run(serve(app, ready))
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except LoosenError as exc:
        if debug:
            raise
        for line in str(exc).splitlines():
            sys.stderr.write(f"loosen: {line}\n")
        return 1


def command() -> list[str]:
    """How to start the service program with this Python."""
    return [sys.executable, "-m", "loosen.service"]


if __name__ == "__main__":
    sys.exit(main())
