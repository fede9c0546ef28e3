"""``python -m loosen.pystray_child``: the pystray tray icon (``loosen.pystray_child.child``)."""

import sys

from loosen.pystray_child.child import main

sys.exit(main())
