"""`python -m bot`: the same as the `jss-helper` command."""

import sys

from bot.cli import main

sys.exit(main())
