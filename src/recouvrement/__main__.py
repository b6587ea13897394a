"""``python -m recouvrement``: the same as the ``recouvrement`` command."""

import sys

from .cli import main

sys.exit(main())
