"""``python -m keyaccount_rules`` runs the command line."""

import sys

from keyaccount_rules.cli import main

sys.exit(main())
