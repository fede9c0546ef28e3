"""A stand-in for pystray in the tray child's tests, where no panel can show a menu: pystray's
own ``Menu`` and ``MenuItem`` (its ``_base.py``, loaded from the installed pystray, whose path is
in ``FAKE_PYSTRAY_BASE``) and an ``Icon`` backend of our own (``_fake.py``) that writes
what it shows to a file and chooses menu items as a user would, when a test says so.

The child finds it first when ``tests/fake_pystray`` is on its ``PYTHONPATH``.
"""

import importlib.util
import os
import sys

_spec = importlib.util.spec_from_file_location("pystray._base", os.environ["FAKE_PYSTRAY_BASE"])
assert _spec is not None and _spec.loader is not None
_base = importlib.util.module_from_spec(_spec)
sys.modules["pystray._base"] = _base
_spec.loader.exec_module(_base)

from pystray._fake import Icon  # noqa: E402

Menu = _base.Menu
MenuItem = _base.MenuItem

__all__ = ["Icon", "Menu", "MenuItem"]
