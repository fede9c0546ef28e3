"""``python -m loosen.screen``: the break screen child process (see ``loosen.screen.child``)."""

import sys

from loosen.screen.child import main

sys.exit(main())
