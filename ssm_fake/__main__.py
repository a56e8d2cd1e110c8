"""``python -m ssm_fake serve``: the same as the ``ssm-fake`` command."""

import sys

from .server.cli import main

if __name__ == "__main__":
    sys.exit(main())
