"""``python -m symconv``: the same as the ``symconv`` command."""

import sys

from .cli import main

sys.exit(main())
