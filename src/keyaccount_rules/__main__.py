"""``python -m keyaccount_rules`` runs the command line."""

import sys

from keyaccount_rules.io.cli import main

sys.exit(main())
