"""``python -m keyaccount_rules`` runs the command line (``keyaccount_rules.io.cli``)."""

import sys

import keyaccount_rules.io.cli as cli

sys.exit(cli.main())
